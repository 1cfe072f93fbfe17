// SPDX-License-Identifier: Apache-2.0
// @uacce/zip: the ZIP algorithm driver. Re-exports only.
export { CompressHandover } from './compress-handover';
export { CompressSession } from './compress-session';
export type { FlushMode } from './compress-stream';
export { DecompressSession, type DecompressWriteOptions } from './decompress-session';
export type { DecompressProgress } from './decompress-stream';
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
export { initialChecksum, RunningCheck, updateChecksum } from './running-check';
export { verifyGzipTrailer } from './trailer';
export { parseZlibHeader, writeZlibHeader, type ZlibHeader } from './zlib-header';
