// SPDX-License-Identifier: Apache-2.0
// Stateless mode (DW7 bit 26 = 0): each SQE is one complete stream, whatever the flush and
// stream_new bits say (spec §4.11 inference). No header is written or parsed (§4.8); the trailer
// is written on compression and checked on decompression.
import { deflateRawSync } from 'node:zlib';
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

/** Compresses the whole input into final deflate blocks plus the trailer. */
export function compressStateless(request: EngineRequest): EngineResult {
  const { algorithm, input } = request;
  const body = deflateRawSync(input, { windowBits: windowBitsFor(request.windowSize) });
  const running = initialChecksum(algorithm);
  updateChecksum(algorithm, running, input);
  const output = Buffer.concat([body, encodeTrailer(algorithm, running)]);
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
 * Decompresses one stream. Stream end → 0x13 with lstblk, `consumed` including the trailer and
 * excluding anything after it; trailer mismatch → 0x10; output full → 0x0E; invalid data → BAD_DATA;
 * input ending before the stream does → status 0 with lstblk 0 (the driver reports truncation).
 */
export function decompressStateless(request: EngineRequest): EngineResult {
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
  const status = encodeTrailer(algorithm, running).equals(trailer)
    ? ZIP_STATUS.DECOMP_END
    : ZIP_STATUS.CRC_ERROR;
  return result(status, {
    ...words,
    lstblk: 1,
    consumed: step.consumed + trailerLength,
    output: step.output,
  });
}
