// SPDX-License-Identifier: Apache-2.0
// The slice of a node:zlib-shaped module the middleware uses, so @uacce/stream, node:zlib itself
// or any drop-in can compress.
import type { Transform } from 'node:stream';

/** Options the middleware passes to a compressor factory. */
export interface CompressorOptions {
  level?: number;
  engine?: 'auto' | 'hardware' | 'software';
}

/** A compressing Transform with zlib's `flush()`; @uacce/stream's also say which engine serves them. */
export interface Compressor extends Transform {
  flush(kind?: number | (() => void), callback?: () => void): void;
  /** 'hardware' or 'software' (@uacce/stream); absent on node:zlib's own streams. */
  readonly engine?: string;
  readonly fallbackReason?: string | undefined;
  /** node:zlib's counters: uncompressed bytes taken. */
  readonly bytesWritten?: number;
}

/** The factories of node:zlib the middleware needs (brotli is optional: node:zlib's is used otherwise). */
export interface CompressionImplementation {
  createGzip(options?: CompressorOptions): Compressor;
  createDeflate(options?: CompressorOptions): Compressor;
  createBrotliCompress?(options?: { params?: Record<number, number> }): Compressor;
}
