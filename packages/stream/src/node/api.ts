// SPDX-License-Identifier: Apache-2.0
// The Node entry's public surface, node:zlib's names first. Brotli has no hardware engine and
// is node:zlib's own, re-exported so this module can stand in for node:zlib wholesale.
import zlib from 'node:zlib';

export { closeHardware, configureHardware, type HardwareConfig } from '../hardware/engine-state';
export type { FallbackReason } from '../hardware/fallback-reason';
export type { ZipDecompressSession, ZipEngine, ZipSession } from '../hardware/zip-types';
export { type EngineCounters, type Metrics, metrics, resetMetrics } from '../metrics';
export {
  DEFAULT_DECOMPRESS_CHUNK_SIZE,
  DEFAULT_FALLBACK_RETAIN_LIMIT,
  DEFAULT_HARDWARE_THRESHOLD,
  DEFAULT_HARDWARE_TIMEOUT,
  type Engine,
  type EngineOptions,
  type Format,
  type ServedEngine,
  type ZlibOptions,
} from '../options';
export type { CompressCallback } from './one-shot';
export {
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
export { CHANNELS, type EngineSelectedMessage, type FallbackMessage } from './report';
export type { EngineInfo, EngineReporting, SoftwareStream as ZlibStream } from './software';
export {
  createDeflate,
  createDeflateRaw,
  createGunzip,
  createGzip,
  createInflate,
  createInflateRaw,
  createUnzip,
  Deflate,
  DeflateRaw,
  Gunzip,
  Gzip,
  Inflate,
  InflateRaw,
  type StreamClass,
  Unzip,
} from './streams';
export {
  type CompressionFormat,
  CompressionStream,
  type CompressionStreamOptions,
  DecompressionStream,
} from './web-streams';

/** node:zlib's constants (the same object). */
export const constants = zlib.constants;
/** node:zlib's codes table (name ↔ number). */
export const codes = (zlib as unknown as { codes: Readonly<Record<string, string | number>> }).codes;
/** CRC-32 of `data`, continuing from `value` (node:zlib's `crc32`). */
export const crc32 = zlib.crc32;

export const BrotliCompress = (zlib as unknown as { BrotliCompress: unknown }).BrotliCompress;
export const BrotliDecompress = (zlib as unknown as { BrotliDecompress: unknown }).BrotliDecompress;
export const createBrotliCompress = zlib.createBrotliCompress;
export const createBrotliDecompress = zlib.createBrotliDecompress;
export const brotliCompress = zlib.brotliCompress;
export const brotliCompressSync = zlib.brotliCompressSync;
export const brotliDecompress = zlib.brotliDecompress;
export const brotliDecompressSync = zlib.brotliDecompressSync;
