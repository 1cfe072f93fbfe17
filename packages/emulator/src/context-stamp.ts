// SPDX-License-Identifier: Apache-2.0
// Where a stateful stream's state is found. On the device the history and partial state live in
// the hardware context area that DW22/23 names (spec §4.7, §6 item 11); the emulator keeps the
// history window and the cached tail bits there (context-area.ts) and the rest of the engine state
// in its own memory, bound to the content of that area: stream_new writes a stamp at its start,
// and a continuation finds its stream through the stamp it reads back. So, as on hardware, a
// context copied to another address carries its stream with it, and a context the driver zeroed
// or overwrote mid-stream no longer continues one.
//
//   hw ctx +0  u32 magic "UAEM"   +4 u32 0   +8 u64 stream token (random, never 0)
//
// The first 16 bytes of the area are not among the places the drivers read (spec §4.7 names
// +784 for lz77 and +0xC00 + align16(window length) for cached block bits).
import { randomBytes } from 'node:crypto';
import type { ContextArea } from './context-area';

const STAMP_MAGIC = 0x4d454155;
export const CONTEXT_STAMP_SIZE = 16;

/** Starts a stream: writes a fresh stamp into the context area and returns its token. */
export function stampContext(area: ContextArea): bigint {
  const token = randomBytes(8).readBigUInt64LE(0) | 1n;
  const stamp = Buffer.alloc(CONTEXT_STAMP_SIZE);
  stamp.writeUInt32LE(STAMP_MAGIC, 0);
  stamp.writeBigUInt64LE(token, 8);
  area.write(0, stamp);
  return token;
}

/** Reads the token of the stream whose context this is; 0n when the area holds no stamp. */
export function readContextStamp(area: ContextArea): bigint {
  const stamp = area.read(0, CONTEXT_STAMP_SIZE);
  return stamp.readUInt32LE(0) === STAMP_MAGIC ? stamp.readBigUInt64LE(8) : 0n;
}
