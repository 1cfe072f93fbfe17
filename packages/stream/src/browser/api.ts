// SPDX-License-Identifier: Apache-2.0
// The browser entry's public surface (see ../browser.ts).
import { crc32 as abiCrc32 } from '@uacce/abi';
import { toBytes } from '../internal/bytes';

export { type EngineCounters, type Metrics, metrics, resetMetrics } from '../metrics';
export type { Engine, EngineOptions, Format, ServedEngine, ZlibOptions } from '../options';
export { codes, constants } from './constants';
export {
  type CompressCallback,
  deflate,
  deflateRaw,
  deflateRawSync,
  deflateSync,
  gunzip,
  gunzipSync,
  gzip,
  gzipSync,
  inflate,
  inflateRaw,
  inflateRawSync,
  inflateSync,
  promises,
  unzip,
  unzipSync,
} from './one-shot';
export {
  type CompressionFormat,
  CompressionStream,
  type CompressionStreamOptions,
  DecompressionStream,
  type EngineInfo,
} from './web-streams';

/** CRC-32 of `data` (strings as UTF-8), continuing from `value`: node:zlib's `crc32`. */
export function crc32(data: string | ArrayBufferView | ArrayBuffer, value = 0): number {
  return abiCrc32(toBytes(data) ?? new Uint8Array(0), value);
}
