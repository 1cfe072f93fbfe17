// SPDX-License-Identifier: Apache-2.0
// The part of @uacce/zip this package uses, picked from zip's own types (`import type` only, so
// the software path never loads zip or its native addon). An engine passed to
// configureHardware({ engine }) needs only these members.
import type {
  CompressSession,
  CompressSessionOptions,
  DecompressSession,
  DecompressSessionOptions,
  FlushMode,
  openZipEngine,
  ZipDirection,
  ZipEngine as ZipDriver,
  ZipEngineOptions as ZipDriverOptions,
} from '@uacce/zip';

export type { ZipDirection };
export type ZipFlush = FlushMode;

/** A compression session: writes, and the hand-over software continues from. */
export type ZipSession = Pick<CompressSession, 'write' | 'handOver' | 'close'>;

/** A decompression session: writes, end of stream, bytes after it, and progress. */
export type ZipDecompressSession = Pick<
  DecompressSession,
  'write' | 'ended' | 'trailing' | 'progress' | 'outputCheck' | 'hasPendingWork' | 'close'
>;

/** The engine `openZipEngine()` resolves to, as far as this package uses it. */
export type ZipEngine = Pick<
  ZipDriver,
  'supports' | 'compress' | 'decompress' | 'compressSync' | 'decompressSync' | 'close' | 'device' | 'emulated'
> & {
  createCompressSession(options: CompressSessionOptions): ZipSession;
  createDecompressSession(options: DecompressSessionOptions): ZipDecompressSession;
};

/** Options passed through to `openZipEngine`. */
export type ZipEngineOptions = Pick<
  ZipDriverOptions,
  'transport' | 'sysfsRoot' | 'emulatorSocket' | 'env' | 'maxQueues'
>;

/** The module shape of @uacce/zip as far as this package needs it. */
export interface ZipModule {
  openZipEngine: typeof openZipEngine;
}
