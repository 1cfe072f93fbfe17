// SPDX-License-Identifier: Apache-2.0
// The "empty final request" of a stateful compression (spec §4.8): the hardware is not asked to
// finish a stream with no input; the driver appends the empty final stored block and the trailer
// itself. Unlike UADK it also writes the header when the stream never started and uses the
// format's initial checksum (Adler-32 of nothing is 1), so the result is always a valid stream.
import type { ZipFormat } from './format';
import { writeGzipTrailer, writeZlibTrailer } from './trailer';

/** BFINAL=1, BTYPE=00 (stored), LEN=0, NLEN=0xFFFF: a complete, empty last block. */
export const EMPTY_FINAL_STORED_BLOCK: Uint8Array = Uint8Array.of(0x01, 0x00, 0x00, 0xff, 0xff);

/** Running checksum state of a stream, in the standard (trailer) form. */
export interface StreamChecksum {
  /** Adler-32 (zlib) or CRC-32 (gzip); unused for raw deflate. */
  checksum: number;
  /** Uncompressed bytes so far mod 2^32 (gzip ISIZE). */
  isize: number;
}

/** The bytes that end a stream with no further input: empty final block, then the trailer. */
export function writeEmptyFinal(format: ZipFormat, state: StreamChecksum): Uint8Array[] {
  if (format === 'zlib') return [EMPTY_FINAL_STORED_BLOCK, writeZlibTrailer(state.checksum)];
  if (format === 'gzip') return [EMPTY_FINAL_STORED_BLOCK, writeGzipTrailer(state.checksum, state.isize)];
  return [EMPTY_FINAL_STORED_BLOCK];
}
