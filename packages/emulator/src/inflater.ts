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

/** Creates a raw inflate state with a 32 KiB window (enough for every window size). */
export function createInflater(): Inflater {
  const strm = new ZStream();
  zlibInflateInit2(strm, -15);
  let ended = false;
  return {
    get totalOut() {
      return strm.total_out;
    },
    run(input, capacity) {
      if (ended)
        return {
          consumed: 0,
          output: Buffer.alloc(0),
          ended,
          outputFull: false,
          error: false,
          finalBlockSeen: true,
        };
      const output = new Uint8Array(capacity);
      strm.input = input;
      strm.next_in = 0;
      strm.avail_in = input.length;
      strm.output = output;
      strm.next_out = 0;
      strm.avail_out = capacity;
      const code = capacity === 0 ? Z_BUF_ERROR : zlibInflate(strm, Z_SYNC_FLUSH);
      ended = code === Z_STREAM_END;
      const error = code !== Z_OK && code !== Z_STREAM_END && code !== Z_BUF_ERROR;
      const produced = strm.next_out;
      return {
        consumed: strm.next_in,
        output: Buffer.from(output.buffer, output.byteOffset, produced),
        ended,
        outputFull: !ended && produced === capacity,
        error,
        finalBlockSeen: ended || Boolean(strm.state?.last),
      };
    },
  };
}
