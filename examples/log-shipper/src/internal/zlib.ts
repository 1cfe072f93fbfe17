// SPDX-License-Identifier: Apache-2.0
// The one place the shipper reaches its compression library.
import type { Transform } from 'node:stream';
import * as zlib from 'node:zlib';

export type Engine = 'auto' | 'hardware' | 'software';

/** A gzip Transform and, once it finished, the engine that served it. */
export interface EngineStream extends Transform {
  readonly engine?: string;
  readonly fallbackReason?: unknown;
  /** zlib's flush (Z_SYNC_FLUSH by default). */
  flush(callback?: () => void): void;
}

/** Options for one compressor: level, engine, and any further @uacce/stream option. */
export interface CompressorOptions {
  level?: number;
  engine?: Engine;
  [option: string]: unknown;
}

/** A gzip compressor on the requested engine. */
export function createCompressor(options: CompressorOptions): EngineStream {
  return zlib.createGzip(options as zlib.ZlibOptions) as unknown as EngineStream;
}
