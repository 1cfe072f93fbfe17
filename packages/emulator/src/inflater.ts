// SPDX-License-Identifier: Apache-2.0
// A raw-deflate decoder that stops exactly when the output space is full and reports how much
// input it consumed: pako's zlib port gives that control synchronously.
import { Z_BUF_ERROR, Z_OK, Z_STREAM_END, Z_SYNC_FLUSH, ZStream, zlibInflate, zlibInflateInit2 } from 'pako';

export interface InflateStep {
  consumed: number;
  output: Buffer;
  ended: boolean;
  outputFull: boolean;
  error: boolean;
  /** BFINAL of the current block has been seen. */
  finalBlockSeen: boolean;
}

export interface Inflater {
  run(input: Buffer, capacity: number): InflateStep;
  /** Total decompressed bytes so far (bounded by the window for ctx_dw2). */
  readonly totalOut: number;
}

// Output is produced in chunks of at most this size, so a request with 8 MiB of output space
// but a small result does not allocate 8 MiB.
const CHUNK = 256 * 1024;

/** Creates a raw inflate state with a 32 KiB window (enough for every window size). */
export function createInflater(): Inflater {
  const strm = new ZStream();
  zlibInflateInit2(strm, -15);
  let ended = false;
  const step = (consumed: number, output: Buffer, error = false, outputFull = false): InflateStep => ({
    consumed,
    output,
    ended,
    outputFull,
    error,
    finalBlockSeen: ended || Boolean(strm.state?.last),
  });
  return {
    get totalOut() {
      return strm.total_out;
    },
    run(input, capacity) {
      if (ended) return step(0, Buffer.alloc(0));
      strm.input = input;
      strm.next_in = 0;
      strm.avail_in = input.length;
      const chunks: Uint8Array[] = [];
      let produced = 0;
      let error = false;
      while (produced < capacity) {
        const size = Math.min(CHUNK, capacity - produced);
        strm.output = new Uint8Array(size);
        strm.next_out = 0;
        strm.avail_out = size;
        const code = zlibInflate(strm, Z_SYNC_FLUSH);
        chunks.push(strm.output.subarray(0, strm.next_out));
        produced += strm.next_out;
        ended = code === Z_STREAM_END;
        error = code !== Z_OK && code !== Z_STREAM_END && code !== Z_BUF_ERROR;
        // Room left in the chunk means the decoder needs more input (or is done).
        if (ended || error || strm.avail_out > 0) break;
      }
      const output = Buffer.concat(chunks, produced);
      return step(strm.next_in, output, error, !ended && !error && produced === capacity);
    },
  };
}
