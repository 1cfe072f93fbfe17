// SPDX-License-Identifier: Apache-2.0
// The deflate family the engine serves, by request_type (DW9 7:0, spec §4.3), and the framing
// each needs from the device: no header ever (the driver writes and skips it, §4.8), a trailer
// for zlib (Adler-32 big-endian) and gzip (CRC-32 then ISIZE, little-endian).
import { adler32, checksumWordToCrc, crc32Update, crcToChecksumWord } from './checksum';

export type AlgorithmName = 'deflate' | 'zlib' | 'gzip';

export const REQUEST_TYPES: Readonly<Record<number, AlgorithmName>> = { 1: 'deflate', 2: 'zlib', 3: 'gzip' };

/** Trailer length in bytes for each algorithm. */
export const TRAILER_LENGTH: Readonly<Record<AlgorithmName, number>> = { deflate: 0, zlib: 4, gzip: 8 };

/** The running checksum in its native form (Adler-32 or CRC-32) plus ISIZE. */
export interface RunningChecksum {
  value: number;
  isize: number;
}

/** The checksum a new stream starts from. */
export function initialChecksum(algorithm: AlgorithmName): RunningChecksum {
  return { value: algorithm === 'zlib' ? 1 : 0, isize: 0 };
}

/** The running checksum carried in DW31/DW30 of a continued stream request. */
export function checksumFromWords(
  algorithm: AlgorithmName,
  checksum: number,
  isize: number,
): RunningChecksum {
  return { value: algorithm === 'gzip' ? checksumWordToCrc(checksum) : checksum >>> 0, isize: isize >>> 0 };
}

/** The DW31 value for a running checksum. */
export function checksumToWord(algorithm: AlgorithmName, running: RunningChecksum): number {
  return algorithm === 'gzip' ? crcToChecksumWord(running.value) : running.value >>> 0;
}

/** Folds `bytes` of uncompressed data into the running checksum. */
export function updateChecksum(algorithm: AlgorithmName, running: RunningChecksum, bytes: Uint8Array): void {
  if (algorithm === 'zlib') running.value = adler32(running.value, bytes);
  else if (algorithm === 'gzip') running.value = crc32Update(running.value, bytes);
  running.isize = (running.isize + bytes.length) >>> 0;
}

/** The trailer bytes the device appends when it finishes a stream. */
export function encodeTrailer(algorithm: AlgorithmName, running: RunningChecksum): Buffer {
  const trailer = Buffer.alloc(TRAILER_LENGTH[algorithm]);
  if (algorithm === 'zlib') trailer.writeUInt32BE(running.value >>> 0, 0);
  if (algorithm === 'gzip') {
    trailer.writeUInt32LE(running.value >>> 0, 0);
    trailer.writeUInt32LE(running.isize >>> 0, 4);
  }
  return trailer;
}

/** Window bits for DW9 15:12 (0 = 4 KiB … 4 = 32 KiB; 24 KiB rounds up to 32 KiB, spec §5). */
export function windowBitsFor(windowSize: number): number {
  if (windowSize <= 0) return 12;
  if (windowSize === 1) return 13;
  if (windowSize === 2) return 14;
  return 15;
}
