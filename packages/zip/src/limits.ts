// SPDX-License-Identifier: Apache-2.0
// Sizes the driver keeps to (spec §7 and §4.9), in one place.

/** Flat buffers: at most 8 MiB of input per descriptor; output space is clamped to 8 MiB. */
export const MAX_DESCRIPTOR_BYTES = 8 * 1024 * 1024;

/**
 * Stateful requests need more than 200 bytes of output (UADK bounces anything ≤ 200 through a
 * private buffer). The driver never offers less than this, so no bounce buffer is needed.
 */
export const STATEFUL_MIN_OUTPUT = 4096;

/** Room for the header the driver writes and the trailer the device writes, with slack. */
export const FRAMING_SLACK = 64;

/**
 * Stateful compression keeps avail_out ≥ 9/8 · input (UADK `min_out_buf_size`), so one
 * request's input is at most 8/9 of the largest output, rounded down to a multiple of 4.
 */
export const STATEFUL_COMPRESS_MAX_INPUT = Math.floor(((MAX_DESCRIPTOR_BYTES - FRAMING_SLACK) * 8) / 9) & ~3;

/** Output space for a stateful compression request of `input` bytes (the 9/8 rule plus framing). */
export function statefulCompressOutput(input: number): number {
  return Math.max(STATEFUL_MIN_OUTPUT, Math.ceil((input * 9) / 8) + FRAMING_SLACK);
}

/** Output space for a stateless compression of `input` bytes: deflate's worst case, clamped. */
export function statelessCompressOutput(input: number, framing: number): number {
  return Math.min(MAX_DESCRIPTOR_BYTES, input + (input >>> 3) + framing + FRAMING_SLACK);
}

/**
 * With flush 'none' a compression session gathers this much input before it sends it: the device
 * has no "no flush" mode, and every request ends in a sync flush (a few bytes each).
 */
export const UNFLUSHED_INPUT_THRESHOLD = 128 * 1024;

/** First output buffer of a decompression with unknown output size; it doubles up to 8 MiB. */
export const DECOMPRESS_INITIAL_OUTPUT = 64 * 1024;

/**
 * Output buffer a compression session carves request outputs from (a larger request gets a buffer
 * of its own size). Small enough to keep per session, large enough for many small flushes.
 */
export const COMPRESS_OUTPUT_BUFFER = 32 * 1024;
