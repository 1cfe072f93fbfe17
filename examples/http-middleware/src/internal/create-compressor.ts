// SPDX-License-Identifier: Apache-2.0
import type { Coding } from '../negotiate';
import type { ResolvedOptions } from '../options';
import type { Compressor } from '../zlib-implementation';
import { defaultImplementation } from './default-implementation';

/** A compressor for `coding` with the configured level, engine and implementation. */
export function createCompressor(coding: Coding, options: ResolvedOptions): Compressor {
  const implementation = options.implementation ?? defaultImplementation();
  const settings = { level: options.level, engine: options.engine };
  return coding === 'gzip' ? implementation.createGzip(settings) : implementation.createDeflate(settings);
}
