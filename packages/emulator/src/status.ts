// SPDX-License-Identifier: Apache-2.0
// Completion status values written into SQE DW3 7:0 (spec §4.6). The spec names only some
// values; the emulator needs distinct codes for malformed requests, bad compressed data and DMA
// faults, which the spec leaves open (§8 question 8). The values chosen below are outside every
// value the spec names, so no driver can mistake them for a documented status.

export const ZIP_STATUS = {
  /** Success. */
  OK: 0x00,
  /** Emulator choice: the descriptor is malformed (unknown algorithm or buffer type, limits). */
  BAD_REQUEST: 0x01,
  /** Emulator choice: the compressed input is not a valid deflate stream. */
  BAD_DATA: 0x02,
  /** Emulator choice: a buffer, SGL or context address could not be read or written. */
  DMA_FAULT: 0x03,
  /** Negative compression: output not smaller than input; a success code. */
  NEGATIVE_COMPRESSION: 0x0d,
  /** dest_avail_out insufficient. */
  DEST_TOO_SMALL: 0x0e,
  /** CRC/checksum (trailer) mismatch. */
  CRC_ERROR: 0x10,
  /** Decompression end; with lstblk = 1 the stream ended. */
  DECOMP_END: 0x13,
} as const;

export type ZipStatusName = keyof typeof ZIP_STATUS;

/** ctx_dw0 3:0 decompression sub-states (spec §4.6). */
export const CTX_ST = {
  NONE: 0x0,
  DECOMP_NO_SPACE: 0x1,
  DECOMPING_NO_SPACE: 0x2,
  DECOMP_BLK_NOSTART: 0x3,
} as const;

/** ctx_dw0 bit 7: BFINAL of the current block seen (spec §4.6). */
export const CTX_BFINAL = 0x80;
/** ctx_dw0 15:10: head bit count, cached bits of a block not yet started (spec §4.6). */
export const CTX_HEAD_BIT_SHIFT = 10;
export const CTX_HEAD_BIT_MASK = 0x3f;
/** ctx_dw1 18:0: stored-block bytes pending (spec §4.6). */
export const CTX_STORE_LENGTH_MASK = 0x7ffff;

/** Packs ctx_dw0 from its fields. */
export function encodeCtxDw0(state: number, bfinal: boolean, headBits: number): number {
  return (
    (state & 0xf) |
    (bfinal ? CTX_BFINAL : 0) |
    ((Math.min(headBits, CTX_HEAD_BIT_MASK) & CTX_HEAD_BIT_MASK) << CTX_HEAD_BIT_SHIFT)
  );
}
