// SPDX-License-Identifier: Apache-2.0
// The one place the shipper reaches its compression library, @uacce/stream.
import type { Transform } from 'node:stream';
import { promisify } from 'node:util';
import { createGzip, gzip, gzipSync, type ZlibOptions } from '@uacce/stream';

/** The @uacce/stream engine that compresses. */
export type Engine = 'auto' | 'hardware' | 'software';

/** A gzip Transform that says which engine served it. */
export interface EngineStream extends Transform {
  readonly engine?: string;
  readonly fallbackReason?: string | undefined;
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
  return createGzip(options as ZlibOptions) as unknown as EngineStream;
}

const gzipAsync = promisify(gzip) as (buffer: Buffer, options: ZlibOptions) => Promise<Buffer>;

/** One gzip member holding `raw`, on the requested engine. */
export function compressMember(raw: Buffer, options: CompressorOptions): Promise<Buffer> {
  return gzipAsync(raw, options as ZlibOptions);
}

/** One gzip member holding `raw`, compressed on the calling thread. */
export function compressMemberSync(raw: Buffer, options: CompressorOptions): Buffer {
  return gzipSync(raw, options as ZlibOptions);
}
