// SPDX-License-Identifier: Apache-2.0
// A raw-deflate encoder for stateful streams: sync flush ends on a byte boundary (the empty
// stored block 00 00 FF FF, as zlib's Z_SYNC_FLUSH) so the peer can decode up to the flush point;
// finish writes the final block.
import {
  Z_DEFAULT_STRATEGY,
  Z_FINISH,
  Z_OK,
  Z_STREAM_END,
  Z_SYNC_FLUSH,
  ZStream,
  zlibDeflate,
  zlibDeflateInit2,
} from 'pako';

export interface DeflateStep {
  output: Buffer;
  /** All input consumed and the flush completed within the output space. */
  complete: boolean;
}

export interface Deflater {
  run(input: Buffer, capacity: number, finish: boolean): DeflateStep;
  readonly totalIn: number;
}

// Extra room so that an output that fits exactly is recognised as complete: zlib needs
// avail_out > 0 after a flush to know it is done.
const SLACK = 64;

/** Creates a raw deflate state at level 6 with the window of DW9 15:12. */
export function createDeflater(windowBits: number): Deflater {
  const strm = new ZStream();
  zlibDeflateInit2(strm, 6, 8, -windowBits, 8, Z_DEFAULT_STRATEGY);
  return {
    get totalIn() {
      return strm.total_in;
    },
    run(input, capacity, finish) {
      const output = new Uint8Array(capacity + SLACK);
      strm.input = input;
      strm.next_in = 0;
      strm.avail_in = input.length;
      strm.output = output;
      strm.next_out = 0;
      strm.avail_out = output.length;
      const code = zlibDeflate(strm, finish ? Z_FINISH : Z_SYNC_FLUSH);
      const produced = strm.next_out;
      const flushed = finish
        ? code === Z_STREAM_END
        : code === Z_OK && strm.avail_in === 0 && strm.avail_out > 0;
      return {
        output: Buffer.from(output.buffer, output.byteOffset, produced),
        complete: flushed && produced <= capacity,
      };
    },
  };
}
