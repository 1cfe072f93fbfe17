// SPDX-License-Identifier: Apache-2.0
// Headers and trailers the stream layer writes itself when a compression stream starts on hardware
// (raw deflate from the device, possibly continued by software): RFC 1952 / RFC 1950, with the
// header fields node:zlib's deflate would write for the same level and strategy.
import { encodeGzipTrailer, encodeZlibTrailer } from '@uacce/abi';
import type { Format } from '../options';

/** A final empty fixed-Huffman block (BFINAL=1, BTYPE=01, end-of-block): ends a byte-aligned stream. */
export const FINAL_EMPTY_BLOCK: Readonly<Uint8Array> = Uint8Array.of(0x03, 0x00);

const Z_HUFFMAN_ONLY = 2;

function effectiveLevel(level: number | undefined): number {
  return level === undefined || level < 0 ? 6 : level;
}

/** The header of `format` (empty for raw deflate). */
export function headerOf(format: Format, level?: number, strategy?: number): Uint8Array {
  const lvl = effectiveLevel(level);
  if (format === 'gzip') {
    // XFL: 2 = slowest (level 9), 4 = fastest (level 1, or Huffman-only strategies), as zlib sets it.
    const xfl = lvl === 9 ? 2 : lvl < 2 || (strategy ?? 0) >= Z_HUFFMAN_ONLY ? 4 : 0;
    return Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, xfl, 3);
  }
  if (format === 'zlib') {
    const flevel = (strategy ?? 0) >= Z_HUFFMAN_ONLY || lvl < 2 ? 0 : lvl < 6 ? 1 : lvl === 6 ? 2 : 3;
    const cmf = 0x78;
    let flg = flevel << 6;
    flg += 31 - ((cmf * 256 + flg) % 31);
    return Uint8Array.of(cmf, flg);
  }
  return new Uint8Array(0);
}

/** The trailer of `format`: gzip CRC-32 + ISIZE, zlib Adler-32, nothing for raw deflate. */
export function trailerOf(format: Format, check: number, size: number): Uint8Array {
  if (format === 'gzip') return encodeGzipTrailer(check >>> 0, size % 2 ** 32);
  if (format === 'zlib') return encodeZlibTrailer(check >>> 0);
  return new Uint8Array(0);
}

/** The initial value of the running check of `format` (CRC-32 0, Adler-32 1). */
export function initialCheck(format: Format): number {
  return format === 'zlib' ? 1 : 0;
}
