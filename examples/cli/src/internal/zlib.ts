// SPDX-License-Identifier: Apache-2.0
// The one place the tool reaches its compression library, @uacce/stream.
import type { Transform } from 'node:stream';
import { createGunzip, createGzip } from '@uacce/stream';
import type { Engine } from '../args';

/** A compression Transform that says which engine served it. */
export interface EngineStream extends Transform {
  readonly engine?: string;
  readonly engineInfo?: { engine: string; device: string | undefined; emulated: boolean };
  readonly fallbackReason?: string | undefined;
}

/** A gzip compressor on the requested engine. */
export function createCompressor(level: number, engine: Engine): EngineStream {
  return createGzip({ level, engine });
}

/** A gunzip decompressor (concatenated members are one stream, as gzip -d treats them). */
export function createDecompressor(engine: Engine): EngineStream {
  return createGunzip({ engine });
}
