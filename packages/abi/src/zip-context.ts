// SPDX-License-Identifier: Apache-2.0
// Stream context words of the ZIP SQE (spec §4.6): ctx_dw0 (DW15), ctx_dw1 (DW28), ctx_dw2 (DW29),
// written back by the hardware and passed in again on the next request of the stream.
import { checkUint } from './internal/validate';

/** ctx_dw0 bits 3:0: decompression sub-state. */
export const ZIP_CTX_ST = Object.freeze({
  /** No output space at the last block: resubmit with zero-size input. */
  DECOMP_NO_SPACE: 0x1,
  /** Output ran out while decompressing. */
  DECOMPING_NO_SPACE: 0x2,
  /** A block has not started; its header bits are cached. */
  DECOMP_BLK_NOSTART: 0x3,
  /** Raw deflate, no CRC (legacy API). */
  DECOMP_NO_CRC: 0x4,
} as const);

export const ZIP_CTX_ST_MASK = 0xf;
export const ZIP_CTX_BFINAL_MASK = 0x80;
export const ZIP_CTX_HEAD_BIT_COUNT_SHIFT = 10;
export const ZIP_CTX_HEAD_BIT_COUNT_MASK = 0xfc00;
export const ZIP_CTX_STORE_MASK = 0x7ffff;
export const ZIP_CTX_WINDOW_LENGTH_MASK = 0xffff;

/** Size of the per-session context buffer UADK allocates (`HW_CTX_SIZE`). */
export const ZIP_CTX_BUFFER_SIZE = 0x10000;
/** The hardware context starts this far into the session buffer (`RSV_OFFSET`); DW22/23 point there. */
export const ZIP_CTX_HW_OFFSET = 64;
/** Cached block-start bits live at hw-ctx + 0xC00 + align16(window length). */
export const ZIP_CTX_BLOCKST_OFFSET = 0xc00;
/** lz77 repeat codes inside the hardware context (12 bytes, then a 4-byte literal-length word). */
export const ZIP_CTX_HW_REPCODE_OFFSET = 784;
/** Software copies of the lz77 repeat codes in the session buffer's first 64 bytes. */
export const ZIP_CTX_REPCODE1_OFFSET = 12;
export const ZIP_CTX_REPCODE2_OFFSET = 24;
/** Offsets of the ctx_dw0/1/2 mirror in the session buffer's software area. */
export const ZIP_CTX_DW_MIRROR_OFFSETS: readonly number[] = Object.freeze([0, 4, 8]);

/**
 * Where the cached block-start bits sit, from the start of the hardware context:
 * 0xC00 + the window length rounded up to 16 (spec §4.7). The driver reads them as a
 * little-endian u64 when fewer than 40 bits are cached. Throws ERR_OUT_OF_RANGE.
 */
export function zipCtxBlockStartOffset(windowLength: number): number {
  checkUint('windowLength', windowLength, 16);
  return ZIP_CTX_BLOCKST_OFFSET + ((windowLength + 15) & ~15);
}

/** UADK's private bounce buffer inside the session buffer; the hardware context stays below it. */
export const ZIP_CTX_STOREBUF_OFFSET = 0x9800;

/** ctx_st of ctx_dw0. */
export function zipCtxState(ctxDw0: number): number {
  return ctxDw0 & ZIP_CTX_ST_MASK;
}
/** BFINAL of the current block seen (ctx_dw0 bit 7). */
export function zipCtxBfinal(ctxDw0: number): boolean {
  return (ctxDw0 & ZIP_CTX_BFINAL_MASK) !== 0;
}
/** Cached not-yet-decoded bits of a block start (ctx_dw0 15:10). */
export function zipCtxHeadBitCount(ctxDw0: number): number {
  return (ctxDw0 & ZIP_CTX_HEAD_BIT_COUNT_MASK) >>> ZIP_CTX_HEAD_BIT_COUNT_SHIFT;
}
/** Non-zero while stored-block data is pending (ctx_dw1 18:0). */
export function zipCtxStoreLength(ctxDw1: number): number {
  return ctxDw1 & ZIP_CTX_STORE_MASK;
}
/** Bytes of history held in the context (ctx_dw2 15:0). */
export function zipCtxWindowLength(ctxDw2: number): number {
  return ctxDw2 & ZIP_CTX_WINDOW_LENGTH_MASK;
}

/** The known fields of the three context words. */
export interface ZipContextState {
  ctxSt: number;
  bfinal: boolean;
  headBitCount: number;
  storeLength: number;
  windowLength: number;
}

/** Decodes the known fields of ctx_dw0/1/2. */
export function decodeZipContext(words: { ctxDw0: number; ctxDw1: number; ctxDw2: number }): ZipContextState {
  return {
    ctxSt: zipCtxState(words.ctxDw0),
    bfinal: zipCtxBfinal(words.ctxDw0),
    headBitCount: zipCtxHeadBitCount(words.ctxDw0),
    storeLength: zipCtxStoreLength(words.ctxDw1),
    windowLength: zipCtxWindowLength(words.ctxDw2),
  };
}

/**
 * Encodes the known fields into context words (other bits 0), for an emulator writing results.
 * Throws ERR_INVALID_ARG_TYPE, ERR_OUT_OF_RANGE.
 */
export function encodeZipContext(state: Partial<ZipContextState>): {
  ctxDw0: number;
  ctxDw1: number;
  ctxDw2: number;
} {
  const ctxSt = checkUint('ctxSt', state.ctxSt ?? 0, 4);
  const headBitCount = checkUint('headBitCount', state.headBitCount ?? 0, 6);
  const ctxDw0 =
    (ctxSt | (state.bfinal ? ZIP_CTX_BFINAL_MASK : 0) | (headBitCount << ZIP_CTX_HEAD_BIT_COUNT_SHIFT)) >>> 0;
  return {
    ctxDw0,
    ctxDw1: checkUint('storeLength', state.storeLength ?? 0, 19),
    ctxDw2: checkUint('windowLength', state.windowLength ?? 0, 16),
  };
}
