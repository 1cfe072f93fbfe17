// SPDX-License-Identifier: Apache-2.0
// Filling one ZIP descriptor (spec §4.2) and exchanging it with the device through an Operation.
import { encodeZipSqe, ZIP_FLUSH, ZIP_STREAM_MODE, ZIP_STREAM_POS } from '@uacce/abi';
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

/** Encodes the SQE. Stateless requests are "new + finish" with no context, as UADK sends them. */
export function encodeDescriptor(spec: DescriptorSpec, tag: number): Uint8Array {
  const { plan, buffers, stateful } = spec;
  return encodeZipSqe({
    inputDataLength: buffers.length,
    sqeType: plan.sqeType,
    requestType: plan.requestType,
    bufferType: buffers.bufferType,
    windowSize: spec.windowSize,
    tag,
    destAvailOut: spec.destAvailOut,
    sourceAddress: buffers.source,
    destAddress: buffers.dest,
    streamMode: stateful ? ZIP_STREAM_MODE.STATEFUL : ZIP_STREAM_MODE.STATELESS,
    streamNew: stateful && !stateful.streamNew ? ZIP_STREAM_POS.OLD : ZIP_STREAM_POS.NEW,
    flushType: stateful && !stateful.finish ? ZIP_FLUSH.SYNC : ZIP_FLUSH.FINISH,
    streamContextAddress: stateful?.contextAddress ?? 0n,
    ctxDw0: stateful?.words.ctxDw0 ?? 0,
    ctxDw1: stateful?.words.ctxDw1 ?? 0,
    ctxDw2: stateful?.words.ctxDw2 ?? 0,
    isize: stateful?.words.isize ?? 0,
    checksum: stateful?.words.checksum ?? 0,
  });
}

/** Yields one descriptor and returns its tag-checked completion. */
export function* exchange(
  device: DeviceContext,
  spec: DescriptorSpec,
  keepAlive: unknown[] = [],
): Generator<DeviceRequest, Completion, Uint8Array> {
  const tag = device.nextTag();
  const completed = yield {
    sqe: encodeDescriptor(spec, tag),
    keepAlive: [...spec.buffers.keepAlive, ...keepAlive],
  };
  return readCompletion(completed, tag);
}
