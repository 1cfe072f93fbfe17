// SPDX-License-Identifier: Apache-2.0
// Stateful mode (DW7 bit 26 = 1, spec §4.5–4.7, §6 item 11). stream_new starts from a fresh
// checksum (Adler-32 1 / CRC 0, ISIZE 0) and ignores DW30/31; later requests continue from the
// DW30/31 the driver passes back. The context words written back:
//   ctx_dw0: 3:0 ctx_st, bit 7 bfinal seen, 15:10 head bit count (decompression; see inflater.ts
//            for when 0x1, 0x2 and 0x3 are reported); 0 for compression
//   ctx_dw1: 18:0 stored-block bytes still pending (decompression), else 0
//   ctx_dw2: 15:0 window length (bytes of history held)
// The history window and the tail-cached bits live in the client's context area (layout in
// context-area.ts): each request reads them by DMA before it runs and writes them back after, so
// the stream continues from the client's copy — compression seeds a fresh encoder with it as the
// dictionary, decompression replaces the decoder's window with it.
import {
  type AlgorithmName,
  checksumFromWords,
  checksumToWord,
  encodeTrailer,
  initialChecksum,
  type RunningChecksum,
  TRAILER_LENGTH,
  updateChecksum,
  windowBitsFor,
} from './algorithm';
import { STATEFUL_MIN_OUTPUT } from './constants';
import {
  CONTEXT_HISTORY_OFFSET,
  CONTEXT_TAIL_BYTES,
  type ContextArea,
  contextTailOffset,
} from './context-area';
import { deflateStep } from './deflater';
import type { EngineRequest, EngineResult } from './engine-types';
import { createInflater } from './inflater';
import { CTX_STORE_LENGTH_MASK, encodeCtxDw0, ZIP_STATUS } from './status';
import type { DecompressStream, StreamContexts } from './stream-contexts';

/** Where the stream state of a request lives. */
export interface StreamKey {
  contexts: StreamContexts;
  pid: number;
  /** The stream token read from (or just written into) the context area; 0n = no stream. */
  token: bigint;
  /** The context area itself (DMA). */
  area: ContextArea;
}

function failed(status: number, request: EngineRequest): EngineResult {
  return {
    status,
    lstblk: 0,
    consumed: 0,
    output: Buffer.alloc(0),
    ctxDw0: 0,
    ctxDw1: 0,
    ctxDw2: 0,
    isize: request.isizeWord,
    checksum: request.checksumWord,
  };
}

function runningFor(request: EngineRequest): RunningChecksum {
  return request.streamNew
    ? initialChecksum(request.algorithm)
    : checksumFromWords(request.algorithm, request.checksumWord, request.isizeWord);
}

/** One step of a stateful compression stream. */
export function compressStateful(request: EngineRequest, key: StreamKey): EngineResult {
  if (request.capacity < STATEFUL_MIN_OUTPUT) return failed(ZIP_STATUS.DEST_TOO_SMALL, request);
  let stream = key.contexts.get(key.pid, key.token);
  if (request.streamNew) {
    const windowBits = windowBitsFor(request.windowSize);
    stream = { kind: 'compress', windowBits, historyLength: 0, broken: false };
    key.contexts.set(key.pid, key.token, stream);
  }
  if (stream?.kind !== 'compress' || stream.broken) return failed(ZIP_STATUS.BAD_REQUEST, request);
  const running = runningFor(request);
  const history = key.area.read(CONTEXT_HISTORY_OFFSET, stream.historyLength);
  // Every earlier request of the stream ended with a flush, so a sync flush with no new input has
  // nothing to write (as zlib, where a repeated flush is a no-op); only stream_new writes one.
  const repeatedFlush = !request.streamNew && !request.finish && request.input.length === 0;
  const step = repeatedFlush
    ? { output: Buffer.alloc(0), complete: true }
    : deflateStep(stream.windowBits, history, request.input, request.capacity, request.finish);
  updateChecksum(request.algorithm, running, request.input);
  const output = request.finish
    ? Buffer.concat([step.output, encodeTrailer(request.algorithm, running)])
    : step.output;
  if (!step.complete || output.length > request.capacity) {
    // The encoder state has moved on: the stream cannot continue (documented in the README).
    stream.broken = true;
    return failed(ZIP_STATUS.DEST_TOO_SMALL, request);
  }
  const next = lastBytes(history, request.input, 1 << stream.windowBits);
  writeBack(stream, () => key.area.write(CONTEXT_HISTORY_OFFSET, next));
  stream.historyLength = next.length;
  return {
    status: ZIP_STATUS.OK,
    lstblk: 0,
    consumed: request.input.length,
    output,
    ctxDw0: 0,
    ctxDw1: 0,
    ctxDw2: next.length & 0xffff,
    isize: running.isize,
    checksum: checksumToWord(request.algorithm, running),
  };
}

/** The last `size` bytes of `history` followed by `input`. */
function lastBytes(history: Buffer, input: Buffer, size: number): Buffer {
  if (input.length >= size) return input.subarray(input.length - size);
  const kept = history.subarray(Math.max(0, history.length - (size - input.length)));
  return Buffer.concat([kept, input]);
}

/** Runs a context write-back; a stream whose context could not be written cannot continue. */
function writeBack(stream: { broken: boolean }, write: () => void): void {
  try {
    write();
  } catch (failure) {
    stream.broken = true;
    throw failure;
  }
}

function collectTrailer(stream: DecompressStream, algorithm: AlgorithmName, input: Buffer): number {
  const wanted = TRAILER_LENGTH[algorithm] - stream.trailer.length;
  const taken = input.subarray(0, Math.max(0, wanted));
  stream.trailer = Buffer.concat([stream.trailer, taken]);
  return taken.length;
}

/** One step of a stateful decompression stream. */
export function decompressStateful(request: EngineRequest, key: StreamKey): EngineResult {
  if (request.capacity < STATEFUL_MIN_OUTPUT) return failed(ZIP_STATUS.DEST_TOO_SMALL, request);
  let stream = key.contexts.get(key.pid, key.token);
  if (request.streamNew) {
    stream = {
      kind: 'decompress',
      inflater: createInflater(true),
      trailer: Buffer.alloc(0),
      finished: false,
      broken: false,
    };
    key.contexts.set(key.pid, key.token, stream);
  }
  if (stream?.kind !== 'decompress' || stream.broken) return failed(ZIP_STATUS.BAD_REQUEST, request);
  const running = runningFor(request);
  if (stream.finished) return { ...failed(ZIP_STATUS.DECOMP_END, request), lstblk: 1 };
  const { inflater } = stream;
  if (!request.streamNew) {
    // The history and the cached tail bits come from the client's context area.
    const windowLength = inflater.windowLength;
    inflater.loadHistory(key.area.read(CONTEXT_HISTORY_OFFSET, windowLength));
    const pending = inflater.pendingBitCount;
    if (pending > 0) {
      inflater.loadPendingBits(key.area.read(contextTailOffset(windowLength), Math.ceil(pending / 8)));
    }
  }
  const step = inflater.run(request.input, request.capacity);
  if (step.error) {
    stream.broken = true;
    return failed(ZIP_STATUS.BAD_DATA, request);
  }
  updateChecksum(request.algorithm, running, step.output);
  let consumed = step.consumed;
  let status: number = ZIP_STATUS.OK;
  let lstblk = 0;
  if (step.ended) {
    consumed += collectTrailer(stream, request.algorithm, request.input.subarray(consumed));
    if (stream.trailer.length === TRAILER_LENGTH[request.algorithm]) {
      stream.finished = true;
      lstblk = 1;
      const expected = encodeTrailer(request.algorithm, running);
      status = expected.equals(stream.trailer) ? ZIP_STATUS.DECOMP_END : ZIP_STATUS.CRC_ERROR;
    }
  }
  const history = inflater.history();
  writeBack(stream, () => {
    key.area.write(CONTEXT_HISTORY_OFFSET, history);
    if (inflater.pendingBitCount > 0) {
      const bits = Buffer.alloc(CONTEXT_TAIL_BYTES);
      inflater.pendingBits().copy(bits);
      key.area.write(contextTailOffset(history.length), bits);
    }
  });
  const { context } = step;
  return {
    status,
    lstblk,
    consumed,
    output: step.output,
    ctxDw0: encodeCtxDw0(context.state, context.finalBlockSeen, context.headBits),
    ctxDw1: context.storeLength & CTX_STORE_LENGTH_MASK,
    ctxDw2: history.length & 0xffff,
    isize: running.isize,
    checksum: checksumToWord(request.algorithm, running),
  };
}
