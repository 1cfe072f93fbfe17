// SPDX-License-Identifier: Apache-2.0
// The one place the tool reaches its compression library, @uacce/stream.
import type { Transform } from 'node:stream';
import { createGunzip, createGzip } from '@uacce/stream';
import type { Engine } from '../args';
import { GzipMembers, type Trailing } from '../members';

/** A compression Transform that says which engine served it. */
export interface EngineStream extends Transform {
  readonly engine?: string;
  readonly engineInfo?: { engine: string; device: string | undefined; emulated: boolean };
  readonly fallbackReason?: string | undefined;
}

/** A stream that may also say what followed the last gzip member and what its trailer held. */
export interface DecodingStream extends EngineStream {
  readonly trailing?: Trailing;
  readonly lastCrc?: number;
  readonly lastSize?: number;
}

/** A gzip compressor on the requested engine. */
export function createCompressor(level: number, engine: Engine): EngineStream {
  return createGzip({ level, engine });
}

/**
 * A gzip decompressor (concatenated members are one stream, as gzip -d treats them). On hardware,
 * @uacce/stream's gunzip; otherwise member by member, which finds where the last member ends and
 * so accepts trailing zeros or garbage as gzip does (the hardware session cannot say where a
 * member ended, so there such bytes are an error).
 */
export function createDecompressor(
  engine: Engine,
): EngineStream & { trailing?: Trailing; lastSize?: number; lastCrc?: number } {
  return engine === 'hardware' ? createGunzip({ engine }) : new GzipMembers();
}
