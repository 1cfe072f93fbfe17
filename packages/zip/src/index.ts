// SPDX-License-Identifier: Apache-2.0
// @uacce/zip: the ZIP algorithm driver. Re-exports only.
export { CompressSession } from './compress-session';
export type { FlushMode } from './compress-stream';
export { DecompressSession } from './decompress-session';
export {
  type CompressOptions,
  type CompressSessionOptions,
  type DecompressOptions,
  type DecompressSessionOptions,
  openZipEngine,
  ZipEngine,
  type ZipEngineOptions,
} from './engine';
export { DATA_ERROR_MESSAGES } from './errors';
export { ZIP_FORMATS, type ZipDirection, type ZipFormat } from './format';
export { type GzipHeader, type ParsedGzipHeader, parseGzipHeader, writeGzipHeader } from './gzip-header';
export { HardwareProfile } from './hardware-profile';
export { verifyGzipTrailer } from './trailer';
export { parseZlibHeader, writeZlibHeader, type ZlibHeader } from './zlib-header';
