// SPDX-License-Identifier: Apache-2.0
// The slice of a node:zlib-shaped module the middleware uses, so @uacce/stream, node:zlib itself
// or any drop-in can compress.
import type { Transform } from 'node:stream';

/** Options the middleware passes to a compressor factory. */
export interface CompressorOptions {
  level?: number;
  engine?: 'auto' | 'hardware' | 'software';
}

/** A compressing Transform with zlib's `flush()`. */
export interface Compressor extends Transform {
  flush(kind?: number | (() => void), callback?: () => void): void;
}

/** The two factories of node:zlib the middleware needs. */
export interface CompressionImplementation {
  createGzip(options?: CompressorOptions): Compressor;
  createDeflate(options?: CompressorOptions): Compressor;
}
