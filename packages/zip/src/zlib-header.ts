// SPDX-License-Identifier: Apache-2.0
// The zlib stream header (RFC 1950 §2.2): written by the driver on compression, checked on
// decompression (FCHECK, CM, CINFO against the window, FDICT) in zlib's order with its messages.
import { dataError, needDictionaryError } from './errors';
import type { ByteSource } from './internal/byte-source';

export const ZLIB_HEADER_LENGTH = 2;
const CM_DEFLATE = 8;
const FDICT = 0x20;

/** What a zlib header said. */
export interface ZlibHeader {
  /** log2 of the compressor's window (CINFO + 8). */
  windowBits: number;
  /** FLEVEL, 0 (fastest) .. 3 (maximum). */
  level: number;
}

/**
 * Checks the 2-byte header at `offset`. Returns undefined while fewer than 2 bytes are present.
 * Throws Z_DATA_ERROR ("incorrect header check", "unknown compression method", "invalid window
 * size" when CINFO > 7 or larger than `windowBits` allows) or Z_NEED_DICT when FDICT is set:
 * the hardware cannot be primed with a preset dictionary, so such streams are reported, not guessed.
 */
export function parseZlibHeader(source: ByteSource, offset = 0, windowBits = 15): ZlibHeader | undefined {
  const cmf = source.at(offset);
  const flg = source.at(offset + 1);
  if (cmf === undefined || flg === undefined) return undefined;
  if ((cmf * 256 + flg) % 31 !== 0) throw dataError('incorrectHeaderCheck');
  if ((cmf & 0x0f) !== CM_DEFLATE) throw dataError('unknownCompressionMethod');
  const headerWindowBits = (cmf >> 4) + 8;
  if (headerWindowBits > 15 || headerWindowBits > windowBits) throw dataError('invalidWindowSize');
  if (flg & FDICT) throw needDictionaryError();
  return { windowBits: headerWindowBits, level: flg >> 6 };
}

/** zlib's FLEVEL for a compression level (deflate.c: <2 → 0, <6 → 1, 6 → 2, >6 → 3). */
function levelFlags(level: number): number {
  if (level < 2) return 0;
  if (level < 6) return 1;
  return level === 6 ? 2 : 3;
}

/** The header for a window of 2^windowBits bytes and a level: `78 9C` for 15 and 6, as node:zlib. */
export function writeZlibHeader(windowBits: number, level: number): Uint8Array {
  let header = ((CM_DEFLATE + ((windowBits - 8) << 4)) << 8) | (levelFlags(level) << 6);
  header += 31 - (header % 31);
  return Uint8Array.of(header >> 8, header & 0xff);
}
