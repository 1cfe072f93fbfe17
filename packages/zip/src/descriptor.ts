// SPDX-License-Identifier: Apache-2.0
// Filling one ZIP descriptor (spec §4.2) and exchanging it with the device through an Operation.
import { writeZipSqe, ZIP_FLUSH, ZIP_SQE_SIZE, ZIP_STREAM_MODE, ZIP_STREAM_POS } from '@uacce/abi';
import { type Completion, readCompletion } from './completion';
import type { AddressOf, DeviceBuffers } from './device-input';
import type { FormatPlan } from './hardware-profile';
import type { DeviceRequest } from './operation';

/** What every operation needs from its engine: address resolution and request tags. */
export interface DeviceContext {
  addressOf: AddressOf;
  /** A fresh 32-bit tag; the completion must echo it. */
  nextTag(): number;
}

/** The stream words carried from one stateful request to the next (spec §4.5–4.6). */
export interface StreamWords {
  ctxDw0: number;
  ctxDw1: number;
  ctxDw2: number;
  isize: number;
  checksum: number;
}

/** The stream words of a completion, to pass into the next request of the same stream. */
export function wordsOf(completion: StreamWords): StreamWords {
  const { ctxDw0, ctxDw1, ctxDw2, isize, checksum } = completion;
  return { ctxDw0, ctxDw1, ctxDw2, isize, checksum };
}

const NO_WORDS: StreamWords = { ctxDw0: 0, ctxDw1: 0, ctxDw2: 0, isize: 0, checksum: 0 };

/** Stateful fields of a descriptor. */
export interface StatefulFields {
  /** Address of the hardware context area: session context buffer + 64 (DW22/23). */
  contextAddress: bigint;
  streamNew: boolean;
  finish: boolean;
  words: StreamWords;
}

/** Everything one descriptor says. */
export interface DescriptorSpec {
  plan: FormatPlan;
  buffers: DeviceBuffers;
  destAvailOut: number;
  /** DW9 15:12 window-size code. */
  windowSize: number;
  /** Absent for stateless (block) requests. */
  stateful?: StatefulFields;
}

/**
 * Encodes the SQE with abi's request fast path, into a 128-byte slice of Node's Buffer pool: no
 * ArrayBuffer of its own per descriptor, and abi's DataView cache hits the pool's view. Each
 * descriptor still gets its own bytes, since qm holds the image until it is placed in a ring slot
 * (possibly after a wait). The object literal is the one shape writeZipSqe sees, keeping it fast.
 * Stateless requests are "new + finish" with no context, as UADK sends them.
 */
export function encodeDescriptor(spec: DescriptorSpec, tag: number): Uint8Array {
  const { plan, buffers, stateful } = spec;
  const words = stateful?.words ?? NO_WORDS;
  return writeZipSqe(
    {
      sqeType: plan.sqeType,
      requestType: plan.requestType,
      bufferType: buffers.bufferType,
      windowSize: spec.windowSize,
      streamMode: stateful ? ZIP_STREAM_MODE.STATEFUL : ZIP_STREAM_MODE.STATELESS,
      streamNew: stateful && !stateful.streamNew ? ZIP_STREAM_POS.OLD : ZIP_STREAM_POS.NEW,
      flushType: stateful && !stateful.finish ? ZIP_FLUSH.SYNC : ZIP_FLUSH.FINISH,
      tag,
      inputDataLength: buffers.length,
      destAvailOut: spec.destAvailOut,
      sourceAddress: buffers.source,
      destAddress: buffers.dest,
      streamContextAddress: stateful?.contextAddress ?? 0n,
      ctxDw0: words.ctxDw0,
      ctxDw1: words.ctxDw1,
      ctxDw2: words.ctxDw2,
      isize: words.isize,
      checksum: words.checksum,
    },
    Buffer.allocUnsafe(ZIP_SQE_SIZE),
  );
}

/** Yields one descriptor and returns its tag-checked completion. */
export function* exchange(
  device: DeviceContext,
  spec: DescriptorSpec,
  keepAlive?: unknown[],
): Generator<DeviceRequest, Completion, Uint8Array> {
  const tag = device.nextTag();
  const held = spec.buffers.keepAlive;
  if (keepAlive !== undefined) for (const item of keepAlive) held.push(item);
  const completed = yield { sqe: encodeDescriptor(spec, tag), keepAlive: held };
  const completion = readCompletion(completed, tag);
  // Our own completion came back: the device is done with the SGL memory.
  spec.buffers.release?.();
  return completion;
}
