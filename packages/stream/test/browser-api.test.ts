// SPDX-License-Identifier: Apache-2.0
// The browser entry (pako) behaves like node:zlib: run here in Node against node:zlib as the
// oracle, and in Chromium by browser-chromium.test.ts.

import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { ZlibDataError } from '@uacce/abi';
import { describe, expect, it } from 'vitest';
import * as web from '../src/browser';
import { sampleData } from './helpers/streams';

const data = sampleData(200_000, 4);

const PAIRS = [
  {
    name: 'gzip',
    sync: web.gzipSync,
    inverse: web.gunzipSync,
    oracle: zlib.gunzipSync,
    oracleCompress: zlib.gzipSync,
  },
  {
    name: 'deflate',
    sync: web.deflateSync,
    inverse: web.inflateSync,
    oracle: zlib.inflateSync,
    oracleCompress: zlib.deflateSync,
  },
  {
    name: 'deflateRaw',
    sync: web.deflateRawSync,
    inverse: web.inflateRawSync,
    oracle: zlib.inflateRawSync,
    oracleCompress: zlib.deflateRawSync,
  },
] as const;

async function pipe(
  pair: { readable: ReadableStream<Uint8Array>; writable: WritableStream<Uint8Array> },
  chunks: Uint8Array[],
) {
  const writer = pair.writable.getWriter();
  const reading = new Response(pair.readable).arrayBuffer();
  const writing = (async () => {
    for (const chunk of chunks) await writer.write(chunk);
    await writer.close();
  })();
  const [bytes] = await Promise.all([reading, writing]);
  return Buffer.from(bytes);
}

describe('browser entry (pako) against node:zlib', () => {
  for (const pair of PAIRS) {
    it(`${pair.name}: Sync round trips both ways with node:zlib`, () => {
      expect(Buffer.from(pair.oracle(pair.sync(data))).equals(data)).toBe(true);
      expect(Buffer.from(pair.inverse(pair.oracleCompress(data))).equals(data)).toBe(true);
    });
  }

  it('callback and promise versions, with and without options', async () => {
    const viaCallback = await new Promise<Uint8Array>((resolve, reject) =>
      web.gzip(data, (e, r) => (e ? reject(e) : resolve(r))),
    );
    expect(zlib.gunzipSync(viaCallback).equals(data)).toBe(true);
    const viaPromise = await web.promises.unzip(zlib.deflateSync(data), { engine: 'hardware' });
    expect(Buffer.from(viaPromise).equals(data)).toBe(true);
    const viaPromisify = await promisify(
      web.inflateRaw as (b: Uint8Array, o: object, cb: (e: Error | null, r: Uint8Array) => void) => void,
    )(zlib.deflateRawSync(data), {});
    expect(Buffer.from(viaPromisify).equals(data)).toBe(true);
  });

  it('finishFlush Z_SYNC_FLUSH reads a stream cut at a flush point, as node:zlib', () => {
    const deflater = zlib.createDeflateRaw();
    deflater.write(data.subarray(0, 1000));
    const cut: Buffer[] = [];
    deflater.on('data', (chunk: Buffer) => cut.push(chunk));
    return new Promise<void>((resolve) =>
      deflater.flush(zlib.constants.Z_SYNC_FLUSH, () => {
        const out = web.inflateRawSync(Buffer.concat(cut), { finishFlush: zlib.constants.Z_SYNC_FLUSH });
        expect(Buffer.from(out).equals(data.subarray(0, 1000))).toBe(true);
        expect(() => web.inflateRawSync(Buffer.concat(cut))).toThrow(
          expect.objectContaining({ code: 'Z_BUF_ERROR' }),
        );
        deflater.close();
        resolve();
      }),
    );
  });

  it('gzip members, zero padding and strings as node:zlib', () => {
    const two = Buffer.concat([zlib.gzipSync('abc'), zlib.gzipSync('def'), Buffer.alloc(4)]);
    expect(Buffer.from(web.gunzipSync(two)).toString()).toBe('abcdef');
    expect(Buffer.from(web.gunzipSync(web.gzipSync('héllo'))).toString()).toBe('héllo');
  });

  const errors = [
    { name: 'garbage', fn: web.gunzipSync, input: Buffer.from('not gzip at all'), code: 'Z_DATA_ERROR' },
    {
      name: 'truncated',
      fn: web.inflateSync,
      input: zlib.deflateSync(data).subarray(0, 100),
      code: 'Z_BUF_ERROR',
    },
    { name: 'gzip to inflate', fn: web.inflateSync, input: zlib.gzipSync(data), code: 'Z_DATA_ERROR' },
    {
      name: 'garbage after a member',
      fn: web.gunzipSync,
      input: Buffer.concat([zlib.gzipSync('a'), Buffer.from('xyz garbage')]),
      code: 'Z_DATA_ERROR',
    },
  ];
  for (const c of errors) {
    it(`${c.name}: ZlibDataError ${c.code}, as node:zlib`, () => {
      expect(() => c.fn(c.input)).toThrow(ZlibDataError);
      expect(() => c.fn(c.input)).toThrow(expect.objectContaining({ code: c.code }));
      expect(() => (c.fn === web.gunzipSync ? zlib.gunzipSync : zlib.inflateSync)(c.input)).toThrow(
        expect.objectContaining({ code: c.code }),
      );
    });
  }

  it('maxOutputLength and bad options keep node:zlib codes', () => {
    expect(() => web.gunzipSync(zlib.gzipSync(data), { maxOutputLength: 10 })).toThrow(
      expect.objectContaining({ code: 'ERR_BUFFER_TOO_LARGE' }),
    );
    expect(() => web.gzipSync(data, { level: 42 })).toThrow(
      expect.objectContaining({ code: 'ERR_OUT_OF_RANGE' }),
    );
    expect(() => web.gzipSync(42 as unknown as string)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }),
    );
  });

  it('constants, codes and crc32 equal node:zlib', () => {
    for (const [name, value] of Object.entries(web.constants)) {
      expect([name, (zlib.constants as Record<string, number>)[name] ?? Number.POSITIVE_INFINITY]).toEqual([
        name,
        value,
      ]);
    }
    expect(web.codes).toEqual((zlib as unknown as { codes: object }).codes);
    expect(web.crc32(data)).toBe(zlib.crc32(data));
    expect(web.crc32('abc', 7)).toBe(zlib.crc32('abc', 7));
  });

  for (const format of ['gzip', 'deflate', 'deflate-raw'] as const) {
    it(`CompressionStream/DecompressionStream '${format}' round trip, flush() makes output decodable`, async () => {
      const compressed = await pipe(new web.CompressionStream(format, { level: 1 }), [
        data.subarray(0, 100_000),
        data.subarray(100_000),
      ]);
      const inflate =
        format === 'gzip' ? zlib.gunzipSync : format === 'deflate' ? zlib.inflateSync : zlib.inflateRawSync;
      expect(inflate(compressed).equals(data)).toBe(true);
      expect((await pipe(new web.DecompressionStream(format), [compressed])).equals(data)).toBe(true);

      const stream = new web.CompressionStream(format);
      const writer = stream.writable.getWriter();
      // A reader is waiting, as for a response body being sent (backpressure holds writes otherwise).
      const read = stream.readable.getReader().read();
      await writer.write(new TextEncoder().encode('event: ping\n\n'));
      await stream.flush();
      const { value } = await read;
      expect(inflate(Buffer.from(value!), { finishFlush: zlib.constants.Z_SYNC_FLUSH }).toString()).toBe(
        'event: ping\n\n',
      );
      expect(stream.engine).toBe('software');
    });
  }

  it('a bad format throws ERR_INVALID_ARG_VALUE; corrupt input errors the readable with Z_DATA_ERROR', async () => {
    expect(() => new web.CompressionStream('br' as 'gzip')).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }),
    );
    const error = await pipe(new web.DecompressionStream('gzip'), [Buffer.from('nope nope nope')]).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'Z_DATA_ERROR' });
  });

  it('counts what it served in metrics()', () => {
    web.resetMetrics();
    web.gzipSync(data);
    expect(web.metrics().software).toMatchObject({ calls: 1, bytesIn: data.length });
    expect(web.metrics().routed['no-device']).toBe(1);
  });
});
