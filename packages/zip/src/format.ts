// SPDX-License-Identifier: Apache-2.0
// The three deflate-family formats, their option checks and the hardware window they map to.
import { UacceArgumentError } from '@uacce/abi';

/** A stream format: raw deflate (RFC 1951), zlib (RFC 1950) or gzip (RFC 1952). */
export type ZipFormat = 'deflate-raw' | 'zlib' | 'gzip';

/** Which way the data goes; a hardware queue serves one direction only (spec §2.4). */
export type ZipDirection = 'compress' | 'decompress';

export const ZIP_FORMATS: readonly ZipFormat[] = ['deflate-raw', 'zlib', 'gzip'];

/** Throws ERR_INVALID_ARG_VALUE unless `format` is one of the three formats. */
export function assertFormat(format: unknown): asserts format is ZipFormat {
  if (!ZIP_FORMATS.includes(format as ZipFormat)) {
    throw new UacceArgumentError(
      'ERR_INVALID_ARG_VALUE',
      `format must be one of ${ZIP_FORMATS.join(', ')}; got ${String(format)}`,
    );
  }
}

/** Throws ERR_INVALID_ARG_VALUE unless `direction` is 'compress' or 'decompress'. */
export function assertDirection(direction: unknown): asserts direction is ZipDirection {
  if (direction !== 'compress' && direction !== 'decompress') {
    throw new UacceArgumentError(
      'ERR_INVALID_ARG_VALUE',
      `direction must be 'compress' or 'decompress'; got ${String(direction)}`,
    );
  }
}

/**
 * Validates a node:zlib-style level (-1..9, -1 = default 6) and returns the effective level.
 * The device has no level for the deflate family (spec §4.3); the level only shapes the header
 * bytes (zlib FLEVEL, gzip XFL) so they describe the request honestly. Throws ERR_OUT_OF_RANGE.
 */
export function resolveLevel(level: number | undefined): number {
  if (level === undefined || level === -1) return 6;
  if (!Number.isInteger(level) || level < 0 || level > 9) {
    throw new UacceArgumentError('ERR_OUT_OF_RANGE', `level must be an integer from -1 to 9; got ${level}`);
  }
  return level;
}

/**
 * Validates |windowBits| as node:zlib does (8..15; 0 on decompression means "from the header")
 * and returns the window the hardware uses: it has 4, 8, 16 and 32 KiB windows (24 KiB is
 * promoted to 32 KiB as UADK does), so 8..12 all run with 4 KiB. Throws ERR_OUT_OF_RANGE.
 */
export function resolveWindowBits(windowBits: number | undefined, direction: ZipDirection): number {
  if (windowBits === undefined) return 15;
  if (direction === 'decompress' && windowBits === 0) return 15;
  if (!Number.isInteger(windowBits) || windowBits < 8 || windowBits > 15) {
    throw new UacceArgumentError(
      'ERR_OUT_OF_RANGE',
      `windowBits must be an integer from 8 to 15; got ${windowBits}`,
    );
  }
  return windowBits;
}

/** The window in bits the hardware actually compresses with for a requested windowBits. */
export function hardwareWindowBits(windowBits: number): number {
  return windowBits <= 12 ? 12 : windowBits === 14 ? 14 : windowBits === 13 ? 13 : 15;
}
