// SPDX-License-Identifier: Apache-2.0
// The one place the tool reaches its compression library.
import type { Transform } from 'node:stream';
import * as zlib from 'node:zlib';
import type { Engine } from '../args';

/** A compression Transform and, once it finished, the engine that served it. */
export interface EngineStream extends Transform {
  readonly engine?: string;
  readonly fallbackReason?: unknown;
}

/** A gzip compressor on the requested engine. */
export function createCompressor(level: number, engine: Engine): EngineStream {
  void engine;
  return zlib.createGzip({ level });
}

/** A gunzip decompressor (concatenated members are one stream, as gzip -d treats them). */
export function createDecompressor(engine: Engine): EngineStream {
  void engine;
  return zlib.createGunzip();
}
