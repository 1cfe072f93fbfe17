// SPDX-License-Identifier: Apache-2.0
// The stateful stream data the device keeps in the hardware context area DW22/23 names (spec
// §4.7, §6 item 11), read by DMA at the start of each stateful request and written back by DMA at
// its completion, so a driver that copies, zeroes or corrupts the area sees the effect a device
// would give it:
//
//   hw ctx +0                        16-byte stamp (context-stamp.ts)
//   hw ctx +0xC00                    history window: the last `window length` bytes of the stream
//                                    (compression: input; decompression: output), oldest first;
//                                    window length = ctx_dw2 15:0, at most 32 KiB
//   hw ctx +0xC00 + align16(winlen)  decompression: the input bits taken but not decoded yet
//                                    (the spec §7 tail cache: ctx_st 0x3, head bit count in
//                                    ctx_dw0 15:10), LSB first in stream order, zero-padded to
//                                    8 bytes (UADK reads them as a little-endian u64)
//
// Everything ends below 0xC00 + 0x8000 + 8 = 0x8C08 < 0x97C0 (HW_CONTEXT_LIMIT). The history
// window length and the tail bit count are bookkept by the emulator too (they are also in the
// context words the device returns); the bytes themselves come from the client's area.
import type { ClientMemory } from './client-memory';
import { HW_CONTEXT_LIMIT } from './constants';

/** Offset of the history window from the hardware context address (UADK `CTX_BLOCKST_OFFSET` base). */
export const CONTEXT_HISTORY_OFFSET = 0xc00;
/** The longest history a context holds (ctx_dw2 15:0 never exceeds it). */
export const CONTEXT_HISTORY_MAX = 32 * 1024;
/** Bytes written for the cached tail bits (a little-endian u64 to the driver). */
export const CONTEXT_TAIL_BYTES = 8;

/** Where the cached tail bits of a context with `windowLength` bytes of history are. */
export function contextTailOffset(windowLength: number): number {
  return CONTEXT_HISTORY_OFFSET + ((windowLength + 15) & ~15);
}

if (contextTailOffset(CONTEXT_HISTORY_MAX) + CONTEXT_TAIL_BYTES > HW_CONTEXT_LIMIT) {
  throw new Error('context layout exceeds the hardware context area');
}

/** The hardware context area of one request, addressed by offset. */
export interface ContextArea {
  read(offset: number, length: number): Buffer;
  write(offset: number, bytes: Buffer): void;
}

/** The area at `address` in a client's memory: every access is a DMA (may throw DmaFault). */
export function clientContextArea(memory: ClientMemory, address: bigint): ContextArea {
  return {
    read: (offset, length) => memory.read(address + BigInt(offset), length),
    write: (offset, bytes) => memory.write(address + BigInt(offset), bytes),
  };
}

/** An area backed by a local buffer (engine tests). */
export function bufferContextArea(buffer: Buffer): ContextArea {
  return {
    read: (offset, length) => Buffer.from(buffer.subarray(offset, offset + length)),
    write: (offset, bytes) => {
      bytes.copy(buffer, offset);
    },
  };
}
