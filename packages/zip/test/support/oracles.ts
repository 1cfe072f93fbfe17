// SPDX-License-Identifier: Apache-2.0
// The reference implementations the hardware path must agree with: node:zlib, pako and the
// gzip command, in both directions.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import zlib from 'node:zlib';
import * as pako from 'pako';
import type { ZipFormat } from '../../src/index';

export function nodeDecode(format: ZipFormat, bytes: Uint8Array): Buffer {
  if (format === 'gzip') return zlib.gunzipSync(bytes);
  if (format === 'zlib') return zlib.inflateSync(bytes);
  return zlib.inflateRawSync(bytes);
}

export function nodeEncode(format: ZipFormat, bytes: Uint8Array, options: zlib.ZlibOptions = {}): Buffer {
  if (format === 'gzip') return zlib.gzipSync(bytes, options);
  if (format === 'zlib') return zlib.deflateSync(bytes, options);
  return zlib.deflateRawSync(bytes, options);
}

export function pakoDecode(format: ZipFormat, bytes: Uint8Array): Uint8Array {
  if (format === 'deflate-raw') return pako.inflateRaw(bytes);
  return pako.inflate(bytes);
}

export function pakoEncode(
  format: ZipFormat,
  bytes: Uint8Array,
  level: pako.DeflateOptions['level'] = 6,
): Uint8Array {
  if (format === 'gzip') return pako.gzip(bytes, { level });
  if (format === 'zlib') return pako.deflate(bytes, { level });
  return pako.deflateRaw(bytes, { level });
}

/** `gzip -dc`: the command-line decoder (reads every member). */
export function gzipCommandDecode(bytes: Uint8Array): Buffer {
  const result = spawnSync('gzip', ['-dc'], { input: bytes, maxBuffer: 256 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`gzip -dc failed: ${result.stderr.toString()}`);
  return result.stdout;
}

/** `gzip -c -<level>` with extra arguments (e.g. `-N` with a file name). */
export function gzipCommandEncode(bytes: Uint8Array, level: number, extra: string[] = []): Buffer {
  const result = spawnSync('gzip', ['-c', `-${level}`, ...extra], {
    input: bytes,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`gzip -c failed: ${result.stderr.toString()}`);
  return result.stdout;
}

/** Sample inputs: the sizes and kinds of data the issue names. */
export function sampleInputs(): { name: string; data: Buffer }[] {
  const text = Buffer.from(
    Array.from(
      { length: 4000 },
      (_, index) => `line ${index}: the quick brown fox ${index % 7} jumps over the lazy dog\n`,
    ).join(''),
  );
  return [
    { name: 'empty', data: Buffer.alloc(0) },
    { name: '1 byte', data: Buffer.from('x') },
    { name: 'text', data: text },
    { name: 'incompressible', data: randomBytes(96 * 1024) },
    { name: 'zeros', data: Buffer.alloc(160 * 1024) },
  ];
}
