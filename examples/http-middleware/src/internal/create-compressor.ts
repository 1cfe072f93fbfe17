// SPDX-License-Identifier: Apache-2.0
import { constants, createBrotliCompress } from 'node:zlib';
import type { Coding } from '../negotiate';
import type { ResolvedOptions } from '../options';
import type { Compressor } from '../zlib-implementation';
import { defaultImplementation } from './default-implementation';

/**
 * A compressor for `coding` with the configured level, engine and implementation. Brotli comes
 * from the implementation when it has `createBrotliCompress` (node:zlib and @uacce/stream do, both
 * node:zlib's software brotli), else from node:zlib.
 */
export function createCompressor(coding: Coding, options: ResolvedOptions): Compressor {
  const implementation = options.implementation ?? defaultImplementation();
  if (coding === 'br') {
    const brotli = implementation.createBrotliCompress ?? createBrotliCompress;
    return brotli({
      params: { [constants.BROTLI_PARAM_QUALITY]: options.brotliQuality },
    }) as unknown as Compressor;
  }
  const settings = { level: options.level, engine: options.engine };
  return coding === 'gzip' ? implementation.createGzip(settings) : implementation.createDeflate(settings);
}
