// SPDX-License-Identifier: Apache-2.0
// Block mode: the whole input is known. Compression of up to 8 MiB is one stateless descriptor
// (a complete stream by itself, spec §4.9 "Block mode"). Larger inputs, or an input whose output
// does not fit the clamped 8 MiB (status 0x0E), go through a stateful stream instead, chained in
// requests of at most 8 MiB: still one stream, so the result stays one valid zlib/gzip/deflate
// stream any decoder reads (several independent stateless streams would be multi-member output,
// which only gzip tolerates and only gunzip-style readers accept). Decompression always runs the
// stateful stream machine: the output size is unknown and the framing is parsed by the driver.
import { windowSizeCode } from '@uacce/abi';
import { classifyCompletion } from './completion';
import { CompressStream, headerFor } from './compress-stream';
import { DecompressStream } from './decompress-stream';
import { type DeviceContext, exchange } from './descriptor';
import { describeBuffers } from './device-input';
import { writeEmptyFinal } from './empty-final';
import { hardwareWindowBits, type ZipFormat } from './format';
import type { FormatPlan } from './hardware-profile';
import { compact } from './internal/compact';
import { acquireScratch, releaseScratch } from './internal/scratch-pool';
import { DECOMPRESS_INITIAL_OUTPUT, MAX_DESCRIPTOR_BYTES, statelessCompressOutput } from './limits';
import { initialChecksum } from './running-check';

/** Inputs up to this size compress into pooled scratch (see internal/scratch-pool.ts). */
const SCRATCH_INPUT_LIMIT = 64 * 1024;
/** Scratch for the largest such input: deflate's worst case plus the longest trailer. */
const SCRATCH_BYTES = statelessCompressOutput(SCRATCH_INPUT_LIMIT, 8);

import type { Operation } from './operation';

export interface BlockCompressOptions {
  format: ZipFormat;
  plan: FormatPlan;
  level: number;
  windowBits: number;
}

export interface BlockDecompressOptions {
  format: ZipFormat;
  plan: FormatPlan;
  windowBits: number;
  maxOutputLength: number;
}

/** Joins output pieces into one Buffer (no copy when there is one piece). */
export function joinOutput(pieces: readonly Uint8Array[]): Buffer {
  if (pieces.length === 1) {
    const piece = compact(pieces[0] as Uint8Array);
    return Buffer.from(piece.buffer, piece.byteOffset, piece.length);
  }
  return Buffer.concat(pieces);
}

function totalLength(chunks: readonly Uint8Array[]): number {
  return chunks.reduce((sum, chunk) => sum + chunk.length, 0);
}

/** Compresses the whole of `chunks` into one stream. */
export function* compressBlock(
  device: DeviceContext,
  options: BlockCompressOptions,
  chunks: readonly Uint8Array[],
): Operation<Buffer> {
  const inputs = chunks.filter((chunk) => chunk.length > 0);
  const length = totalLength(inputs);
  const header = headerFor(options.format, options.level, options.windowBits);
  if (length === 0) {
    // The device needs input > 0 for a stateless request; an empty stream is written directly.
    const initial = { checksum: initialChecksum(options.format), isize: 0 };
    return joinOutput([header, ...writeEmptyFinal(options.format, initial)]);
  }
  if (length <= MAX_DESCRIPTOR_BYTES) {
    const stateless = yield* compressStateless(device, options, inputs, header, length);
    if (stateless !== undefined) return stateless;
  }
  const stream = new CompressStream(device, options);
  return joinOutput(yield* stream.write(inputs, 'finish'));
}

/** One stateless descriptor; undefined when the output did not fit (0x0E), for the stateful path. */
function* compressStateless(
  device: DeviceContext,
  options: BlockCompressOptions,
  inputs: readonly Uint8Array[],
  header: Uint8Array,
  length: number,
): Operation<Buffer | undefined> {
  const { plan } = options;
  const space = statelessCompressOutput(length, plan.deviceTrailer + plan.stripTrailer);
  if (length <= SCRATCH_INPUT_LIMIT) {
    // Small input: the device writes into pooled scratch, the result is copied out at its size.
    const scratch = acquireScratch(device.addressOf, SCRATCH_BYTES);
    const body = scratch.subarray(0, space);
    const produced = yield* statelessRequest(device, options, inputs, body, length);
    if (produced === undefined) return undefined;
    const result = Buffer.allocUnsafe(header.length + produced);
    result.set(header, 0);
    result.set(body.subarray(0, produced), header.length);
    releaseScratch(device.addressOf, scratch);
    return result;
  }
  const output = Buffer.allocUnsafe(header.length + space);
  output.set(header, 0);
  const produced = yield* statelessRequest(device, options, inputs, output.subarray(header.length), length);
  if (produced === undefined) return undefined;
  return joinOutput([output.subarray(0, header.length + produced)]);
}

/** Sends the stateless request; the bytes of `body` that belong to the result, or undefined (0x0E). */
function* statelessRequest(
  device: DeviceContext,
  options: BlockCompressOptions,
  inputs: readonly Uint8Array[],
  body: Uint8Array,
  length: number,
): Operation<number | undefined> {
  const { plan } = options;
  const completion = yield* exchange(device, {
    plan,
    buffers: describeBuffers(inputs, body, device.addressOf),
    destAvailOut: body.length,
    windowSize: windowSizeCode(1 << hardwareWindowBits(options.windowBits)),
  });
  const outcome = classifyCompletion(completion, 'compress');
  if (outcome === 'no-space' || completion.consumed < length || completion.produced > body.length)
    return undefined;
  return Math.max(0, completion.produced - plan.stripTrailer);
}

/** Decompresses the whole of `chunks`; the input must hold the complete stream (else Z_BUF_ERROR). */
export function* decompressBlock(
  device: DeviceContext,
  options: BlockDecompressOptions,
  chunks: readonly Uint8Array[],
): Operation<Buffer> {
  // A compressed block usually expands 2–4×: start near that to save resubmissions.
  const guess = Math.min(MAX_DESCRIPTOR_BYTES, Math.max(DECOMPRESS_INITIAL_OUTPUT, totalLength(chunks) * 4));
  const stream = new DecompressStream(device, { ...options, initialOutput: guess });
  const output = yield* stream.write(chunks, true);
  return output.length === 0 ? Buffer.alloc(0) : joinOutput(output);
}
