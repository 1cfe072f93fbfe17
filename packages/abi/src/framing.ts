// SPDX-License-Identifier: Apache-2.0
// gzip (RFC 1952) and zlib (RFC 1950) framing facts the ZIP driver needs (spec §4.8): the
// hardware never writes or parses headers; the driver writes the fixed headers below and the
// hardware writes the trailers.
import { gzipCrcFromChecksumWord } from './checksum';
import { ZlibDataError } from './errors';
import { checkBytes, checkUint, invalidValue } from './internal/validate';

/** The gzip header drivers write: ID1 ID2, CM 8, FLG 0, MTIME 0, XFL 0, OS 3 (Unix). */
export const GZIP_HEADER_DEFAULT: Readonly<Uint8Array> = Uint8Array.of(
  0x1f,
  0x8b,
  0x08,
  0,
  0,
  0,
  0,
  0,
  0,
  0x03,
);
/** The zlib header drivers write: CMF 0x78 (deflate, 32 KiB window), FLG 0x9C (default level). */
export const ZLIB_HEADER_DEFAULT: Readonly<Uint8Array> = Uint8Array.of(0x78, 0x9c);
/** gzip ID1 ID2. */
export const GZIP_MAGIC: Readonly<Uint8Array> = Uint8Array.of(0x1f, 0x8b);
/** gzip and zlib compression method "deflate". */
export const DEFLATE_METHOD = 8;
/** gzip OS byte for Unix, written by drivers. */
export const GZIP_OS_UNIX = 3;
/** gzip FLG bits. */
export const GZIP_FLAG = Object.freeze({ FTEXT: 1, FHCRC: 2, FEXTRA: 4, FNAME: 8, FCOMMENT: 16 } as const);
/** FLG bits 7:5 must be zero. */
export const GZIP_FLAG_RESERVED = 0xe0;
export const GZIP_HEADER_SIZE = 10;
export const ZLIB_HEADER_SIZE = 2;
/** CRC-32 (LE) + ISIZE (LE). */
export const GZIP_TRAILER_SIZE = 8;
/** Adler-32 (BE). */
export const ZLIB_TRAILER_SIZE = 4;
/** An empty final stored block: BFINAL=1 BTYPE=00, LEN 0, NLEN 0xFFFF. */
export const EMPTY_FINAL_STORED_BLOCK: Readonly<Uint8Array> = Uint8Array.of(0x01, 0x00, 0x00, 0xff, 0xff);
/** zlib FLG bit 5: a preset dictionary id follows the header. */
export const ZLIB_FDICT = 0x20;
/** zlib CMF bits 7:4: log2(window) − 8; at most 7. */
export const ZLIB_CINFO_MAX = 7;

/** True when the first two bytes are a valid zlib header (CM 8, CINFO ≤ 7, FCHECK multiple of 31). */
export function isValidZlibHeader(bytes: Uint8Array): boolean {
  if (!(bytes instanceof Uint8Array) || bytes.length < ZLIB_HEADER_SIZE) return false;
  const cmf = bytes[0]!;
  const flg = bytes[1]!;
  return (cmf & 0x0f) === DEFLATE_METHOD && cmf >>> 4 <= ZLIB_CINFO_MAX && ((cmf << 8) | flg) % 31 === 0;
}

/** True when the zlib header's FDICT bit is set (a dictionary id follows). */
export function zlibHeaderHasDictionary(bytes: Uint8Array): boolean {
  return ((checkBytes('bytes', bytes, ZLIB_HEADER_SIZE)[1] ?? 0) & ZLIB_FDICT) !== 0;
}

/** Window bits of a zlib header (CINFO + 8: 8..15). */
export function zlibWindowBits(bytes: Uint8Array): number {
  return (checkBytes('bytes', bytes, 1)[0]! >>> 4) + 8;
}

/** The window size in bytes of a zlib header (2^(CINFO+8)). */
export function zlibWindowSize(bytes: Uint8Array): number {
  return 1 << zlibWindowBits(bytes);
}

/** The zlib trailer: Adler-32 big-endian. */
export function encodeZlibTrailer(adler: number): Uint8Array {
  const bytes = new Uint8Array(ZLIB_TRAILER_SIZE);
  new DataView(bytes.buffer).setUint32(0, checkUint('adler', adler, 32), false);
  return bytes;
}

/** The gzip trailer: CRC-32 little-endian then ISIZE (input size mod 2^32) little-endian. */
export function encodeGzipTrailer(crc: number, isize: number): Uint8Array {
  const bytes = new Uint8Array(GZIP_TRAILER_SIZE);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, checkUint('crc', crc, 32), true);
  view.setUint32(4, checkUint('isize', isize, 32), true);
  return bytes;
}

/**
 * Length of the gzip header at the start of `bytes`, following FEXTRA, FNAME, FCOMMENT and FHCRC;
 * undefined while the header is incomplete. Throws ZlibDataError Z_DATA_ERROR for a bad magic,
 * method or reserved flag bits.
 */
export function gzipHeaderLength(bytes: Uint8Array): number | undefined {
  checkBytes('bytes', bytes, 0);
  if (bytes.length < GZIP_HEADER_SIZE) {
    if (bytes.length >= 1 && bytes[0] !== 0x1f)
      throw new ZlibDataError('Z_DATA_ERROR', 'incorrect header check');
    if (bytes.length >= 2 && bytes[1] !== 0x8b)
      throw new ZlibDataError('Z_DATA_ERROR', 'incorrect header check');
    return undefined;
  }
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b)
    throw new ZlibDataError('Z_DATA_ERROR', 'incorrect header check');
  if (bytes[2] !== DEFLATE_METHOD) throw new ZlibDataError('Z_DATA_ERROR', 'unknown compression method');
  const flags = bytes[3]!;
  if (flags & GZIP_FLAG_RESERVED) throw new ZlibDataError('Z_DATA_ERROR', 'unknown header flags set');
  let at = GZIP_HEADER_SIZE;
  if (flags & GZIP_FLAG.FEXTRA) {
    if (bytes.length < at + 2) return undefined;
    at += 2 + (bytes[at]! | (bytes[at + 1]! << 8));
  }
  for (const flag of [GZIP_FLAG.FNAME, GZIP_FLAG.FCOMMENT]) {
    if (flags & flag) {
      const end = bytes.indexOf(0, at);
      if (end < 0) return undefined;
      at = end + 1;
    }
  }
  if (flags & GZIP_FLAG.FHCRC) at += 2;
  return at <= bytes.length ? at : undefined;
}

/**
 * What drivers emit for an empty final stateful request instead of submitting it (spec §4.8): the
 * empty final stored block, then for zlib the Adler-32 (big-endian) and for gzip the CRC taken from
 * DW31 plus ISIZE (little-endian): 5, 9 or 13 bytes. `checksumWord` and `isize` are the DW31/DW30 of
 * the stream's previous completion. Throws ERR_INVALID_ARG_VALUE for an unknown format.
 */
export function emptyFinalBlockWithTrailer(
  format: 'deflate' | 'zlib' | 'gzip',
  words: { checksumWord: number; isize: number },
): Uint8Array {
  if (format === 'deflate') return EMPTY_FINAL_STORED_BLOCK.slice();
  if (format === 'zlib')
    return concat(
      EMPTY_FINAL_STORED_BLOCK,
      encodeZlibTrailer(checkUint('checksumWord', words.checksumWord, 32)),
    );
  if (format === 'gzip') {
    const crc = gzipCrcFromChecksumWord(checkUint('checksumWord', words.checksumWord, 32));
    return concat(EMPTY_FINAL_STORED_BLOCK, encodeGzipTrailer(crc, words.isize));
  }
  throw invalidValue('format', format, "must be 'deflate', 'zlib' or 'gzip'");
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** The header a driver writes for each request type's format (empty for raw deflate). */
export function defaultHeaderFor(format: 'deflate' | 'zlib' | 'gzip'): Uint8Array {
  if (format === 'zlib') return ZLIB_HEADER_DEFAULT.slice();
  if (format === 'gzip') return GZIP_HEADER_DEFAULT.slice();
  if (format === 'deflate') return new Uint8Array(0);
  throw invalidValue('format', format, "must be 'deflate', 'zlib' or 'gzip'");
}
