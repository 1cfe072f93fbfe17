// SPDX-License-Identifier: Apache-2.0
// Size limits the ZIP drivers enforce (spec §4.9, §4.10, §7), and UADK's output-space rules for
// stateful compression.
import { checkInteger } from './internal/validate';

/** Flat buffers: input above 8 MiB is rejected, dest_avail_out is clamped to 8 MiB. */
export const ZIP_MAX_FLAT_SIZE = 8 * 1024 * 1024;
/** UADK: the hardware needs at least 200 bytes of output in stateful mode. */
export const ZIP_STATEFUL_MIN_OUTPUT = 200;
/** UADK's bounce buffer used when the caller's output is ≤ 200 bytes (200·1.125 + 10, rounded to 4). */
export const ZIP_STORE_BUFFER_SIZE = 236;
/** Below this dest_avail_out the hardware ignores the request (legacy "skip hardware" request). */
export const ZIP_BYPASS_DEST_LENGTH = 0x10;
/** Chunk size of UADK's `wd_do_comp_sync2` stream helper. */
export const ZIP_STREAM_CHUNK = 128 * 1024;
/** lz77_zstd: most input per request. */
export const ZIP_LZ77_ZSTD_MAX_INPUT = 128 * 1024;
/** lz77_zstd: literal area = input + this many bytes. */
export const ZIP_LZ77_LITERAL_RESERVE = 16;
/** lz77_zstd: frequency data written after the sequences. */
export const ZIP_LZ77_FREQUENCY_DATA_SIZE = 784;
/** lz77 repeat-code copies in the context area. */
export const ZIP_LZ77_REPCODE_SIZE = 12;

/** UADK's minimum stateful output for `inputLength` bytes: ceil(9·in/8). Throws ERR_OUT_OF_RANGE. */
export function zipStatefulMinOutput(inputLength: number): number {
  checkInteger('inputLength', inputLength, 0, 0xffff_ffff);
  return Math.floor((inputLength * 9 + 7) / 8);
}

/** UADK's largest stateful input for `outputLength` bytes: floor(8·out/9) rounded down to 4. Throws ERR_OUT_OF_RANGE. */
export function zipStatefulMaxInput(outputLength: number): number {
  checkInteger('outputLength', outputLength, 0, 0xffff_ffff);
  const value = Math.floor((outputLength * 8) / 9);
  return value - (value % 4);
}
