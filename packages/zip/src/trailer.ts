// SPDX-License-Identifier: Apache-2.0
// Stream trailers: zlib's Adler-32 (big-endian, RFC 1950) and gzip's CRC-32 + ISIZE
// (little-endian, RFC 1952). The hardware writes them when it finishes a stream (spec §4.8);
// the driver writes them itself for the empty final request and verifies them on decompression.
import { dataError } from './errors';
import { type ByteSource, readUint32BE, readUint32LE } from './internal/byte-source';

export const ZLIB_TRAILER_LENGTH = 4;
export const GZIP_TRAILER_LENGTH = 8;

/** The 4-byte zlib trailer for a finished stream's Adler-32 (big-endian). */
export function writeZlibTrailer(adler: number): Uint8Array {
  const bytes = new Uint8Array(ZLIB_TRAILER_LENGTH);
  new DataView(bytes.buffer).setUint32(0, adler >>> 0, false);
  return bytes;
}

/** The 8-byte gzip trailer: CRC-32 then ISIZE (input length mod 2^32), both little-endian. */
export function writeGzipTrailer(crc: number, isize: number): Uint8Array {
  const bytes = new Uint8Array(GZIP_TRAILER_LENGTH);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, crc >>> 0, true);
  view.setUint32(4, isize >>> 0, true);
  return bytes;
}

/**
 * Checks the zlib trailer at `offset` against the Adler-32 of the output. Returns false while
 * the 4 bytes are not all present, true when they match; throws Z_DATA_ERROR "incorrect data check".
 */
export function verifyZlibTrailer(source: ByteSource, offset: number, adler: number): boolean {
  const stored = readUint32BE(source, offset);
  if (stored === undefined) return false;
  if (stored !== adler >>> 0) throw dataError('incorrectDataCheck');
  return true;
}

/**
 * Checks the gzip trailer at `offset` against the output's CRC-32 and length. Returns false while
 * incomplete; throws Z_DATA_ERROR "incorrect data check" (CRC) or "incorrect length check" (ISIZE),
 * in zlib's order.
 */
export function verifyGzipTrailer(source: ByteSource, offset: number, crc: number, isize: number): boolean {
  const storedCrc = readUint32LE(source, offset);
  const storedSize = readUint32LE(source, offset + 4);
  if (storedCrc === undefined || storedSize === undefined) return false;
  if (storedCrc !== crc >>> 0) throw dataError('incorrectDataCheck');
  if (storedSize !== isize >>> 0) throw dataError('incorrectLengthCheck');
  return true;
}
