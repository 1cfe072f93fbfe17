// SPDX-License-Identifier: Apache-2.0
// Raw-deflate encoding of one stateful compression request. Every stateful request ends with a
// sync flush or a finish (DW7 bit 25), so its output ends on a byte boundary and the only state
// the next request needs is the history window, which lives in the client's context area
// (context-area.ts). Each request therefore runs a fresh encoder seeded with that history as its
// dictionary: back-references reach into the previous requests' input through the client's copy,
// and the outputs of a stream's requests concatenate into one raw deflate stream. A sync flush
// ends with the empty stored block 00 00 FF FF (as zlib's Z_SYNC_FLUSH) so the peer can decode
// up to the flush point; finish writes the final block.
import {
  Z_BUF_ERROR,
  Z_DEFAULT_STRATEGY,
  Z_FINISH,
  Z_OK,
  Z_STREAM_END,
  Z_SYNC_FLUSH,
  ZStream,
  zlibDeflate,
  zlibDeflateInit2,
  zlibDeflateSetDictionary,
} from 'pako';

export interface DeflateStep {
  output: Buffer;
  /** All input consumed and the flush completed within the output space. */
  complete: boolean;
}

// Output is produced in chunks, so large output spaces do not cost large allocations.
const CHUNK = 256 * 1024;

/**
 * Encodes `input` at level 6 with the window of DW9 15:12 (`windowBits`), continuing a stream
 * whose last bytes are `history` (at most the window; empty for stream_new).
 */
export function deflateStep(
  windowBits: number,
  history: Buffer,
  input: Buffer,
  capacity: number,
  finish: boolean,
): DeflateStep {
  const strm = new ZStream();
  zlibDeflateInit2(strm, 6, 8, -windowBits, 8, Z_DEFAULT_STRATEGY);
  if (history.length > 0 && zlibDeflateSetDictionary(strm, history) !== Z_OK) {
    throw new Error('deflate dictionary refused');
  }
  strm.input = input;
  strm.next_in = 0;
  strm.avail_in = input.length;
  const chunks: Uint8Array[] = [];
  let produced = 0;
  let flushed = false;
  // Stop once the output is known not to fit: the request fails either way.
  while (produced <= capacity) {
    strm.output = new Uint8Array(CHUNK);
    strm.next_out = 0;
    strm.avail_out = CHUNK;
    const code = zlibDeflate(strm, finish ? Z_FINISH : Z_SYNC_FLUSH);
    chunks.push(strm.output.subarray(0, strm.next_out));
    produced += strm.next_out;
    // zlib needs avail_out > 0 after a sync flush to know it is complete.
    flushed = finish ? code === Z_STREAM_END : strm.avail_in === 0 && strm.avail_out > 0;
    if (flushed || (code !== Z_OK && code !== Z_BUF_ERROR)) break;
  }
  return { output: Buffer.concat(chunks, produced), complete: flushed && produced <= capacity };
}
