// SPDX-License-Identifier: Apache-2.0
// Running checksums in the formats of the descriptor words (spec §4.5): zlib keeps Adler-32 as a
// native integer in DW31; gzip keeps `~bitreverse32(crc32)` in DW31 and ISIZE in DW30.
import { crc32 } from 'node:zlib';

const ADLER_MOD = 65521;
// Largest run of bytes whose sums cannot overflow a double before reduction (zlib's NMAX).
const ADLER_BLOCK = 5552;

/** Adler-32 of `bytes` continuing from `adler` (1 for a new stream). */
export function adler32(adler: number, bytes: Uint8Array): number {
  let a = adler & 0xffff;
  let b = (adler >>> 16) & 0xffff;
  for (let start = 0; start < bytes.length; start += ADLER_BLOCK) {
    const end = Math.min(start + ADLER_BLOCK, bytes.length);
    for (let i = start; i < end; i++) {
      a += bytes[i]!;
      b += a;
    }
    a %= ADLER_MOD;
    b %= ADLER_MOD;
  }
  return ((b << 16) | a) >>> 0;
}

/**
 * CRC-32 (gzip's) of `bytes` continuing from `crc` (0 for a new stream). Nothing to add keeps
 * `crc` as it is: Node 20's `zlib.crc32` answers 0 for an empty view whatever the running value.
 */
export function crc32Update(crc: number, bytes: Uint8Array): number {
  if (bytes.length === 0) return crc >>> 0;
  return crc32(bytes, crc) >>> 0;
}

/** Reverses the bit order of a 32-bit word. */
export function bitReverse32(value: number): number {
  let v = value >>> 0;
  v = ((v >>> 1) & 0x55555555) | ((v & 0x55555555) << 1);
  v = ((v >>> 2) & 0x33333333) | ((v & 0x33333333) << 2);
  v = ((v >>> 4) & 0x0f0f0f0f) | ((v & 0x0f0f0f0f) << 4);
  v = ((v >>> 8) & 0x00ff00ff) | ((v & 0x00ff00ff) << 8);
  return ((v >>> 16) | (v << 16)) >>> 0;
}

/** DW31 for gzip from a standard CRC-32: `~bitreverse32(crc)` (spec §4.5). */
export function crcToChecksumWord(crc: number): number {
  return ~bitReverse32(crc) >>> 0;
}

/** The standard CRC-32 from a gzip DW31: `bitreverse32(~DW31)` (spec §4.5). */
export function checksumWordToCrc(word: number): number {
  return bitReverse32(~word >>> 0);
}
