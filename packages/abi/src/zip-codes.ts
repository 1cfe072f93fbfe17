// SPDX-License-Identifier: Apache-2.0
// Codes carried in the ZIP SQE (spec §4.1, §4.3) and the algorithm names of §1.4.
import { checkInteger, invalidValue } from './internal/validate';

/** DW9 bits 7:0: the algorithm. */
export const ZIP_REQUEST_TYPE = Object.freeze({
  DEFLATE: 0x01,
  ZLIB: 0x02,
  GZIP: 0x03,
  LZ4: 0x04,
  LZ77_ONLY: 0x40,
  LZ77_ONLY_PRICE: 0x41,
  LZ77_ZSTD_PRICE: 0x42,
  LZ77_ZSTD: 0x43,
} as const);
export type ZipRequestType = (typeof ZIP_REQUEST_TYPE)[keyof typeof ZIP_REQUEST_TYPE];

/** DW9 bits 11:8: flat buffers ("pbuffer") or hardware SGLs. */
export const ZIP_BUFFER_TYPE = Object.freeze({ FLAT: 0, SGL: 1 } as const);

/** DW9 bits 15:12: history window. */
export const ZIP_WINDOW_SIZE = Object.freeze({
  WINDOW_4K: 0,
  WINDOW_8K: 1,
  WINDOW_16K: 2,
  WINDOW_24K: 3,
  WINDOW_32K: 4,
} as const);

/** Window bytes by code (index = code). */
export const ZIP_WINDOW_BYTES: readonly number[] = Object.freeze([4096, 8192, 16384, 24576, 32768]);

/** The DW9 window-size code for a window of exactly `bytes` (4, 8, 16, 24 or 32 KiB). Throws ERR_INVALID_ARG_VALUE. */
export function windowSizeCode(bytes: number): number {
  const code = ZIP_WINDOW_BYTES.indexOf(bytes);
  if (code < 0) throw invalidValue('bytes', bytes, 'must be 4096, 8192, 16384, 24576 or 32768');
  return code;
}

/** The window bytes of a DW9 window-size code. Throws ERR_OUT_OF_RANGE. */
export function windowSizeBytes(code: number): number {
  return ZIP_WINDOW_BYTES[checkInteger('code', code, 0, ZIP_WINDOW_BYTES.length - 1)]!;
}

/** DW7 bits 31:28: SQE layout. Type 0 (V1/V2 format) has the tag in DW13, type 3 (V3) in DW26. */
export const ZIP_SQE_TYPE = Object.freeze({ V1: 0, V3: 3, TYPE0: 0, TYPE3: 3 } as const);

/** DW7 bit 25. */
export const ZIP_FLUSH = Object.freeze({ SYNC: 0, FINISH: 1 } as const);
/** DW7 bit 26. */
export const ZIP_STREAM_MODE = Object.freeze({ STATELESS: 0, STATEFUL: 1 } as const);
/** DW7 bit 27. */
export const ZIP_STREAM_POS = Object.freeze({ OLD: 0, NEW: 1 } as const);

/** The `algorithms` names of hisi_zip devices, with the DAE names of newer parts. */
export const ZIP_ALGORITHM = Object.freeze({
  ZLIB: 'zlib',
  GZIP: 'gzip',
  DEFLATE: 'deflate',
  LZ77_ZSTD: 'lz77_zstd',
  LZ77_ONLY: 'lz77_only',
  LZ4: 'lz4',
} as const);

/** Request types by `algorithms` name (the deflate family). */
export const ZIP_REQUEST_TYPE_BY_ALGORITHM: Readonly<Record<string, number>> = Object.freeze({
  deflate: ZIP_REQUEST_TYPE.DEFLATE,
  zlib: ZIP_REQUEST_TYPE.ZLIB,
  gzip: ZIP_REQUEST_TYPE.GZIP,
  lz4: ZIP_REQUEST_TYPE.LZ4,
  lz77_only: ZIP_REQUEST_TYPE.LZ77_ONLY,
  lz77_zstd: ZIP_REQUEST_TYPE.LZ77_ZSTD,
});

/**
 * The SQE layout UADK uses: zlib and gzip on hw type ≤ 2 use type 0; every other algorithm, and
 * every algorithm on hw type ≥ 3, uses type 3 (spec §4.1).
 */
export function zipSqeTypeFor(hwType: number, requestType: number): number {
  const legacy = requestType === ZIP_REQUEST_TYPE.ZLIB || requestType === ZIP_REQUEST_TYPE.GZIP;
  return hwType <= 2 && legacy ? ZIP_SQE_TYPE.V1 : ZIP_SQE_TYPE.V3;
}

// zip_main.c zip_dev_algs[]: two capability bits per algorithm, in file order.
const BITMAP_ALGORITHMS = [
  { mask: 0x003, name: 'zlib' },
  { mask: 0x00c, name: 'gzip' },
  { mask: 0x030, name: 'deflate' },
  { mask: 0x0c0, name: 'lz77_zstd' },
  { mask: 0x300, name: 'lz4' },
] as const;

/** The `algorithms` capability bitmap on V1/V2 (fixed) and the V3 default. */
export const ZIP_ALG_BITMAP = Object.freeze({ V2: 0xf, V3_DEFAULT: 0x3f } as const);

/**
 * The algorithm names a hisi_zip device advertises for a capability bitmap (spec §1.4), in file
 * order. `lz77Name` picks the name of bits 7:6 ('lz77_zstd', or 'lz77_only' after the 2025 patch).
 */
export function zipAlgorithmsForBitmap(
  bitmap: number,
  options: { lz77Name?: 'lz77_zstd' | 'lz77_only' } = {},
): string[] {
  checkInteger('bitmap', bitmap, 0, 0xffff_ffff);
  return BITMAP_ALGORITHMS.filter((entry) => (bitmap & entry.mask) !== 0).map((entry) =>
    entry.name === 'lz77_zstd' ? (options.lz77Name ?? 'lz77_zstd') : entry.name,
  );
}
