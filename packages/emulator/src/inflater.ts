// SPDX-License-Identifier: Apache-2.0
// A raw-deflate decoder that stops exactly when the output space is full and reports how much
// input it consumed: pako's zlib port gives that control synchronously. It also reports the
// context state the device leaves behind (spec §4.6, §7), read from pako's own state:
//
// - Tail cache (spec §7, UADK `check_bfinal_complete_block`): when a request with input reaches
//   a block boundary with fewer than 40 bits of input left, the device does not start that block;
//   it caches the bits (ctx_st 0x3, head bit count = cached bits) and decodes them with the next
//   request: with new input (the same rule applies to cache and new input together), or on a
//   zero-size-input request, which decodes the complete blocks among them and keeps an incomplete
//   one cached (so a complete final block cached this way ends the stream one request later). The
//   cache never reaches past the end of the deflate stream: a complete final block in the tail is
//   cached up to its last byte and what follows (a trailer) stays unconsumed.
// - Input that runs out inside a block header (pako in TYPE/TYPEDO/STORED/TABLE/LENLENS/
//   CODELENS) also leaves ctx_st 0x3; the head bit count is the bits read since the block began,
//   capped at the 6 bits of ctx_dw0 15:10.
// - Output that fills before the stream ends: 0x2 DECOMPING_NO_SPACE (input left to decode),
//   except when the request's input has all been read inside the final block (BFINAL seen) of a
//   Huffman block: then 0x1 DECOMP_NO_SPACE, the rest of the last block (decoded data or just its
//   end) is pending in the device and only a zero-size-input resubmit gets it out. A stored block
//   with bytes pending reports 0x2 with the remaining stored length (ctx_dw1 18:0) and BFINAL, as
//   the spec's 0x2 case ("all input consumed, BFINAL seen and stored data pending") says.
//
// State in the client's context area (context-area.ts): the history window (pako's `window`,
// `wsize`, `whave`, `wnext`, which pako's `updatewindow` keeps as a ring) is replaced by the
// client's copy at the start of each stateful request (`loadHistory`) and read out at its end
// (`history`), so back-references resolve against the bytes in the client's memory; the bits
// taken into the tail cache likewise (`pendingBits` / `loadPendingBits`). What stays in the
// emulator is the rest of pako's decoder state — the mode, a half-decoded block header or Huffman
// tables, a pending match, the bits of a started block — because the layout the hardware uses for
// that part of its context is not known (spec §8 open question 7).
import {
  Z_BLOCK,
  Z_BUF_ERROR,
  Z_OK,
  Z_STREAM_END,
  ZStream,
  zlibInflate,
  zlibInflateInit2,
  zlibInflateSetDictionary,
} from 'pako';
import { CTX_ST } from './status';

/** Context state left by a request (ctx_dw0 3:0 / bit 7 / 15:10 and ctx_dw1 18:0). */
export interface InflateContext {
  state: number;
  finalBlockSeen: boolean;
  headBits: number;
  storeLength: number;
}

export interface InflateStep {
  /** Bytes of this request's input consumed (cached tail bytes count as consumed). */
  consumed: number;
  output: Buffer;
  ended: boolean;
  outputFull: boolean;
  error: boolean;
  context: InflateContext;
}

export interface Inflater {
  run(input: Buffer, capacity: number): InflateStep;
  /** Total decompressed bytes so far. */
  readonly totalOut: number;
  /** Bytes of history in the window (ctx_dw2 15:0): min(total output, 32 KiB). */
  readonly windowLength: number;
  /** The history window, oldest byte first (`windowLength` bytes). */
  history(): Buffer;
  /** Replaces the history window with `history` (at most 32 KiB, oldest byte first). */
  loadHistory(history: Buffer): void;
  /** Input bits taken but not decoded yet (the tail cache); 0 when none. */
  readonly pendingBitCount: number;
  /** Those bits, LSB first in stream order, in ceil(pendingBitCount / 8) bytes. */
  pendingBits(): Buffer;
  /** Replaces those bits with `bytes` (the same count, as `pendingBits` wrote them). */
  loadPendingBits(bytes: Buffer): void;
}

// Output is produced in chunks of at most this size, so a request with 8 MiB of output space
// but a small result does not allocate 8 MiB.
const CHUNK = 256 * 1024;
/** The device caches fewer than this many bits of a block it has not started (spec §7). */
export const TAIL_CACHE_LIMIT = 40;
/** ctx_dw0 15:10 holds the head bit count. */
const HEAD_BITS_MAX = 0x3f;

// pako's inflate modes (lib/zlib/inflate.js).
const MODE = {
  HEAD: 16180,
  TYPE: 16191,
  TYPEDO: 16192,
  STORED: 16193,
  COPY_: 16194,
  COPY: 16195,
  TABLE: 16196,
  LENLENS: 16197,
  CODELENS: 16198,
} as const;
const HEADER_MODES = new Set<number>([
  MODE.HEAD,
  MODE.TYPE,
  MODE.TYPEDO,
  MODE.STORED,
  MODE.TABLE,
  MODE.LENLENS,
  MODE.CODELENS,
]);

interface PakoInflateState {
  mode: number;
  last: number | boolean;
  hold: number;
  bits: number;
  length: number;
  window: Uint8Array | null;
  wsize: number;
  whave: number;
  wnext: number;
}

const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DISTANCE_EXTRA = [
  0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
];

/** What a short run of bits starting at a block boundary holds (bit positions from its start). */
export type TailShape =
  | { kind: 'invalid' }
  | { kind: 'blocks'; firstEnd: number | undefined; finalEnd: number | undefined };

/**
 * Parses `bits` (LSB-first stream order, ending on a byte boundary) as deflate blocks from a
 * block start: where the first block ends and where the first final block ends, when they end
 * within the bits; 'invalid' when the bits cannot be deflate.
 */
export function parseTail(bits: readonly number[]): TailShape {
  let position = 0;
  let firstEnd: number | undefined;
  const incomplete = (): TailShape => ({ kind: 'blocks', firstEnd, finalEnd: undefined });
  const invalid: TailShape = { kind: 'invalid' };
  const read = (count: number): number => {
    if (position + count > bits.length) return -1;
    let value = 0;
    for (let index = 0; index < count; index++) value |= (bits[position + index] as number) << index;
    position += count;
    return value;
  };
  // Huffman codes are read most significant bit first.
  const readFixedSymbol = (): number => {
    let code = 0;
    for (let length = 1; length <= 9; length++) {
      const bit = read(1);
      if (bit < 0) return -1;
      code = (code << 1) | bit;
      if (length === 7 && code <= 0x17) return 256 + code;
      if (length === 8 && code >= 0x30 && code <= 0xbf) return code - 0x30;
      if (length === 8 && code >= 0xc0 && code <= 0xc7) return 280 + code - 0xc0;
      if (length === 9 && code >= 0x190) return 144 + code - 0x190;
    }
    return -2;
  };
  for (;;) {
    const bfinal = read(1);
    const btype = read(2);
    if (bfinal < 0 || btype < 0) return incomplete();
    if (btype === 3) return invalid;
    if (btype === 2) return incomplete(); // a dynamic header never fits in the tail cache
    if (btype === 0) {
      position += (bits.length - position) % 8; // to the byte boundary
      const length = read(16);
      const inverse = read(16);
      if (length < 0 || inverse < 0) return incomplete();
      if (length !== (~inverse & 0xffff)) return invalid;
      if (position + 8 * length > bits.length) return incomplete();
      position += 8 * length;
    } else {
      for (;;) {
        const symbol = readFixedSymbol();
        if (symbol === -1) return incomplete();
        if (symbol === -2 || symbol > 285) return invalid;
        if (symbol === 256) break;
        if (symbol < 256) continue;
        if (read(LENGTH_EXTRA[symbol - 257] as number) < 0) return incomplete();
        let distance = 0;
        for (let index = 0; index < 5; index++) {
          const bit = read(1);
          if (bit < 0) return incomplete();
          distance = (distance << 1) | bit;
        }
        if (distance > 29) return invalid;
        if (read(DISTANCE_EXTRA[distance] as number) < 0) return incomplete();
      }
    }
    firstEnd ??= position;
    if (bfinal === 1) return { kind: 'blocks', firstEnd, finalEnd: position };
  }
}

/**
 * Creates a raw inflate state with a 32 KiB window (enough for every window size). `tailCache`
 * models the stateful device's tail cache; stateless requests decode all their input.
 */
export function createInflater(tailCache: boolean): Inflater {
  const strm = new ZStream();
  zlibInflateInit2(strm, -15);
  const state = (): PakoInflateState => strm.state as PakoInflateState;
  let ended = false;
  // Input bytes the device has taken into its tail cache but not decoded yet.
  let tail: Buffer = Buffer.alloc(0);
  // Bits pako holds that belong to the tail cache (at a block boundary they start the next
  // block); 0 when pako's held bits are part of a started block (decoder state).
  let heldBits = 0;
  // Stream bit position where the current (or next) block begins.
  let blockStart = 0;

  const atBlockBoundary = (): boolean => {
    const { mode, last } = state();
    if (last) return false;
    return mode === MODE.TYPE || mode === MODE.TYPEDO || (mode === MODE.HEAD && strm.total_in === 0);
  };

  /**
   * At a block boundary: how many of the remaining input bytes the tail cache takes (the bits
   * pako holds stay where they are), or undefined to decode on. A request with input caches
   * fewer than 40 bits whole, or up to the end of a complete final block among them; a
   * zero-size-input request (`flush`) decodes complete blocks and keeps an incomplete one.
   */
  const tailToCache = (flush: boolean): number | undefined => {
    const { hold, bits } = state();
    const remaining = bits + 8 * strm.avail_in;
    if (remaining === 0 || remaining >= TAIL_CACHE_LIMIT) return undefined;
    const stream: number[] = [];
    for (let index = 0; index < bits; index++) stream.push((hold >>> index) & 1);
    for (let byte = 0; byte < strm.avail_in; byte++) {
      const value = strm.input[strm.next_in + byte] as number;
      for (let index = 0; index < 8; index++) stream.push((value >> index) & 1);
    }
    const shape = parseTail(stream);
    if (shape.kind === 'invalid') return undefined; // decoding reports the error now
    if (flush) return shape.firstEnd === undefined ? strm.avail_in : undefined;
    if (shape.finalEnd === undefined) return strm.avail_in;
    return Math.max(0, Math.ceil((shape.finalEnd - bits) / 8));
  };

  const contextOf = (outputFull: boolean, error: boolean, tailCached: boolean): InflateContext => {
    const { mode, last, length } = state();
    const finalBlockSeen = ended || Boolean(last);
    const none = { state: CTX_ST.NONE, finalBlockSeen, headBits: 0, storeLength: 0 };
    if (ended || error) return none;
    if (tailCached || (!outputFull && HEADER_MODES.has(mode))) {
      // Bits read since the block began: held by pako or in the emulator's tail cache.
      const headBits = Math.min(HEAD_BITS_MAX, strm.total_in * 8 - blockStart + 8 * tail.length);
      return { ...none, state: CTX_ST.DECOMP_BLK_NOSTART, headBits };
    }
    const storeLength = mode === MODE.COPY_ || mode === MODE.COPY ? length : 0;
    if (!outputFull) return { ...none, storeLength };
    // All input read, final block, not stored: what is left of the stream is the device's own
    // pending output (or the end of the last block), which only a zero-input resubmit gets out.
    const lastBlockPending = finalBlockSeen && storeLength === 0 && strm.avail_in === 0;
    const noSpace = lastBlockPending ? CTX_ST.DECOMP_NO_SPACE : CTX_ST.DECOMPING_NO_SPACE;
    return { ...none, state: noSpace, storeLength };
  };

  return {
    get totalOut() {
      return strm.total_out;
    },
    get windowLength() {
      return state().window === null ? 0 : state().whave;
    },
    history() {
      const { window, wsize, whave, wnext } = state();
      if (window === null || whave === 0) return Buffer.alloc(0);
      // Until the ring wraps, the bytes sit at its start (updatewindow keeps wnext = whave).
      if (whave < wsize) return Buffer.from(window.subarray(0, whave));
      return Buffer.concat([window.subarray(wnext), window.subarray(0, wnext)]);
    },
    loadHistory(history) {
      // updatewindow re-initialises an empty window, then takes the dictionary as the history.
      const current = state();
      current.wsize = 0;
      current.whave = 0;
      current.wnext = 0;
      if (zlibInflateSetDictionary(strm, history) !== Z_OK) throw new Error('inflate window refused');
    },
    get pendingBitCount() {
      return heldBits + 8 * tail.length;
    },
    pendingBits() {
      let value = BigInt(state().hold) & ((1n << BigInt(heldBits)) - 1n);
      tail.forEach((byte, index) => {
        value |= BigInt(byte) << BigInt(heldBits + 8 * index);
      });
      const bytes = Buffer.alloc(Math.ceil((heldBits + 8 * tail.length) / 8));
      for (let index = 0; index < bytes.length; index++) {
        bytes[index] = Number((value >> BigInt(8 * index)) & 0xffn);
      }
      return bytes;
    },
    loadPendingBits(bytes) {
      let value = 0n;
      bytes.forEach((byte, index) => {
        value |= BigInt(byte) << BigInt(8 * index);
      });
      if (heldBits > 0) state().hold = Number(value & ((1n << BigInt(heldBits)) - 1n));
      const rest = value >> BigInt(heldBits);
      tail = Buffer.from(tail.map((_byte, index) => Number((rest >> BigInt(8 * index)) & 0xffn)));
    },
    run(input, capacity) {
      if (ended) {
        const context = contextOf(false, false, false);
        return { consumed: 0, output: Buffer.alloc(0), ended, outputFull: false, error: false, context };
      }
      const previousTail = tail;
      const feed = previousTail.length > 0 ? Buffer.concat([previousTail, input]) : input;
      tail = Buffer.alloc(0);
      strm.input = feed;
      strm.next_in = 0;
      strm.avail_in = feed.length;
      const chunks: Uint8Array[] = [];
      let produced = 0;
      let chunk = new Uint8Array(0);
      strm.output = chunk;
      strm.next_out = 0;
      let error = false;
      let cached: number | undefined;
      for (;;) {
        if (atBlockBoundary()) {
          blockStart = strm.total_in * 8 - state().bits;
          if (tailCache) cached = tailToCache(input.length === 0);
          if (cached !== undefined) break;
        }
        // Past a Z_BLOCK stop (pako would stop there again without progress).
        if (state().mode === MODE.TYPE) state().mode = MODE.TYPEDO;
        if (strm.next_out === chunk.length) {
          if (produced === capacity) {
            // Past the final block's end only the end of the stream is left: it needs no space.
            if (!(state().last && state().mode === MODE.TYPEDO)) break;
          } else {
            if (chunk.length > 0) chunks.push(chunk);
            chunk = new Uint8Array(Math.min(CHUNK, capacity - produced));
            strm.output = chunk;
            strm.next_out = 0;
          }
        }
        strm.avail_out = chunk.length - strm.next_out;
        const before = strm.next_out;
        const code = zlibInflate(strm, Z_BLOCK);
        produced += strm.next_out - before;
        ended = code === Z_STREAM_END;
        error = code !== Z_OK && code !== Z_STREAM_END && code !== Z_BUF_ERROR;
        if (ended || error) break;
        // Stopped at a block boundary: decide there. Otherwise room left means input is needed.
        if (state().mode === MODE.TYPE) continue;
        if (strm.avail_out > 0) break;
      }
      if (strm.next_out > 0) chunks.push(chunk.subarray(0, strm.next_out));
      const output = Buffer.concat(chunks, produced);
      let consumed: number;
      if (cached !== undefined) {
        const end = strm.next_in + cached;
        tail = Buffer.from(feed.subarray(strm.next_in, end));
        consumed = Math.max(0, end - previousTail.length);
      } else {
        // Output filled while the old tail was being decoded: the rest of it stays cached.
        tail = Buffer.from(feed.subarray(Math.min(strm.next_in, previousTail.length), previousTail.length));
        consumed = Math.max(0, strm.next_in - previousTail.length);
      }
      heldBits = cached !== undefined ? state().bits : 0;
      const outputFull = !ended && !error && produced === capacity;
      return {
        consumed,
        output,
        ended,
        outputFull,
        error,
        context: contextOf(outputFull, error, cached !== undefined),
      };
    },
  };
}
