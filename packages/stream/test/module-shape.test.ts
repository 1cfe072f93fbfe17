// SPDX-License-Identifier: Apache-2.0
// The module stands in for node:zlib: every name node:zlib exports exists here with the same kind,
// so code (and frameworks such as @fastify/compress's `zlib` option) can take it unchanged.
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import defaultExport, * as ours from '../src/index';

describe('module shape', () => {
  const names = Object.keys(zlib);

  it.each(names)('%s exists with the same type as in node:zlib', (name) => {
    const theirs = (zlib as unknown as Record<string, unknown>)[name];
    expect(typeof (ours as unknown as Record<string, unknown>)[name]).toBe(typeof theirs);
    expect(typeof (defaultExport as unknown as Record<string, unknown>)[name]).toBe(typeof theirs);
  });

  it('constants and codes are node:zlib’s own', () => {
    expect(ours.constants).toBe(zlib.constants);
    expect(ours.codes).toEqual((zlib as unknown as { codes: object }).codes);
    expect(ours.crc32('abc')).toBe(zlib.crc32('abc'));
  });

  it('a framework-style consumer works through the default export', async () => {
    // What @fastify/compress does with its `zlib` option: pick a factory by encoding, pipe through it.
    const encoders: Record<string, () => NodeJS.ReadWriteStream> = {
      gzip: () => defaultExport.createGzip(),
      deflate: () => defaultExport.createDeflate(),
      br: () => defaultExport.createBrotliCompress(),
    };
    const body = Buffer.from('{"hello":"world"}'.repeat(1000));
    for (const [encoding, create] of Object.entries(encoders)) {
      const stream = create();
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      const ended = new Promise((resolve) => stream.on('end', resolve));
      stream.end(body);
      await ended;
      const decode = { gzip: zlib.gunzipSync, deflate: zlib.inflateSync, br: zlib.brotliDecompressSync }[
        encoding
      ]!;
      expect(decode(Buffer.concat(chunks)).equals(body)).toBe(true);
    }
  });
});
