// SPDX-License-Identifier: Apache-2.0
// Stateless mode (DW7 bit 26 = 0): each SQE is one complete stream, whatever the flush and
// stream_new bits say (spec §4.11 inference). No header is written or parsed (§4.8); the trailer
// is written on compression and checked on decompression.
import { deflateRawSync, deflateSync, gzipSync, inflateRawSync } from 'node:zlib';
import {
  checksumToWord,
  encodeTrailer,
  initialChecksum,
  TRAILER_LENGTH,
  updateChecksum,
  windowBitsFor,
} from './algorithm';
import type { EngineRequest, EngineResult } from './engine-types';
import { createInflater, type Inflater } from './inflater';
import { ZIP_STATUS } from './status';

function result(status: number, fields: Partial<EngineResult> = {}): EngineResult {
  return {
    status,
    lstblk: 0,
    consumed: 0,
    output: Buffer.alloc(0),
    ctxDw0: 0,
    ctxDw1: 0,
    ctxDw2: 0,
    isize: 0,
    checksum: 0,
    ...fields,
  };
}

// Header bytes node:zlib writes before the deflate data: zlib's 2 (no dictionary), gzip's 10.
const ZLIB_HEADER = 2;
const GZIP_HEADER = 10;

/**
 * Final deflate blocks plus the trailer, and the running checksum, in one native call: node:zlib
 * frames the stream (computing Adler-32 or CRC-32 as it goes) and the header the device never
 * writes is cut off; the deflate data is the same as a raw encoder's with the same window.
 */
function encodeStream(request: EngineRequest): { output: Buffer; checksum: number } {
  const { algorithm, input } = request;
  const windowBits = windowBitsFor(request.windowSize);
  if (algorithm === 'gzip') {
    const framed = gzipSync(input, { windowBits });
    return { output: framed.subarray(GZIP_HEADER), checksum: framed.readUInt32LE(framed.length - 8) };
  }
  if (algorithm === 'zlib') {
    const framed = deflateSync(input, { windowBits });
    return { output: framed.subarray(ZLIB_HEADER), checksum: framed.readUInt32BE(framed.length - 4) };
  }
  return { output: deflateRawSync(input, { windowBits }), checksum: 0 };
}

/** Compresses the whole input into final deflate blocks plus the trailer. */
export function compressStateless(request: EngineRequest): EngineResult {
  const { algorithm, input } = request;
  const { output, checksum } = encodeStream(request);
  const running = { value: algorithm === 'deflate' ? 0 : checksum, isize: input.length >>> 0 };
  if (output.length > request.capacity) return result(ZIP_STATUS.DEST_TOO_SMALL);
  // 0x0D "negative compression" is a success code; the emulator reports it when the output is
  // larger than the input (spec §4.6, §8 question 10).
  const status = output.length > input.length ? ZIP_STATUS.NEGATIVE_COMPRESSION : ZIP_STATUS.OK;
  return result(status, {
    consumed: input.length,
    output,
    isize: running.isize,
    checksum: checksumToWord(algorithm, running),
  });
}

/**
 * Decompresses one stream. Stream end → status 0 with lstblk (not 0x13: README "Stateless
 * decompression's end status"), `consumed` including the trailer and
 * excluding anything after it; trailer mismatch → 0x10; output full → 0x0E; invalid data → BAD_DATA;
 * input ending before the stream does → status 0 with lstblk 0 (the driver reports truncation).
 */
export function decompressStateless(request: EngineRequest): EngineResult {
  return decodeWhole(request) ?? decodeStepwise(request);
}

interface InflateInfo {
  buffer: Buffer;
  engine: { bytesWritten: number };
}

/**
 * The common case in one native call: node:zlib inflates a stream that ends within the input and
 * fits the output space, reporting the input it took. Anything else (truncated or invalid data,
 * output too small, a trailer cut short) returns undefined and takes the stepwise decoder, which
 * reports each of those cases the way the device does.
 */
function decodeWhole(request: EngineRequest): EngineResult | undefined {
  const { algorithm, input } = request;
  let inflated: InflateInfo;
  try {
    const options = { info: true, maxOutputLength: Math.max(1, request.capacity) };
    inflated = inflateRawSync(input, options) as unknown as InflateInfo;
  } catch {
    return undefined;
  }
  const output = inflated.buffer;
  const consumed = inflated.engine.bytesWritten;
  const trailerLength = TRAILER_LENGTH[algorithm];
  if (output.length > request.capacity || consumed + trailerLength > input.length) return undefined;
  const running = initialChecksum(algorithm);
  updateChecksum(algorithm, running, output);
  const trailer = input.subarray(consumed, consumed + trailerLength);
  const status = encodeTrailer(algorithm, running).equals(trailer) ? ZIP_STATUS.OK : ZIP_STATUS.CRC_ERROR;
  return result(status, {
    isize: running.isize,
    checksum: checksumToWord(algorithm, running),
    lstblk: 1,
    consumed: consumed + trailerLength,
    output,
  });
}

/** pako's decoder, step by step: every end the device can report. */
function decodeStepwise(request: EngineRequest): EngineResult {
  const { algorithm, input } = request;
  const inflater: Inflater = createInflater(false);
  const step = inflater.run(input, request.capacity);
  const running = initialChecksum(algorithm);
  updateChecksum(algorithm, running, step.output);
  const words = { isize: running.isize, checksum: checksumToWord(algorithm, running) };
  if (step.error) return result(ZIP_STATUS.BAD_DATA, words);
  if (!step.ended) {
    if (step.outputFull) return result(ZIP_STATUS.DEST_TOO_SMALL, words);
    return result(ZIP_STATUS.OK, { ...words, consumed: step.consumed, output: step.output });
  }
  const trailerLength = TRAILER_LENGTH[algorithm];
  const trailer = input.subarray(step.consumed, step.consumed + trailerLength);
  if (trailer.length < trailerLength) {
    return result(ZIP_STATUS.OK, { ...words, consumed: input.length, output: step.output });
  }
  const status = encodeTrailer(algorithm, running).equals(trailer) ? ZIP_STATUS.OK : ZIP_STATUS.CRC_ERROR;
  return result(status, {
    ...words,
    lstblk: 1,
    consumed: step.consumed + trailerLength,
    output: step.output,
  });
}
