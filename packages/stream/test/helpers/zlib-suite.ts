// SPDX-License-Identifier: Apache-2.0
// node:zlib's documented behaviour as a suite, run once per engine setup (software, the in-process
// fake engine, the emulator). node:zlib itself is the oracle.

import { once } from 'node:events';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { ZlibDataError } from '@uacce/abi';
import { describe, expect, it } from 'vitest';
import * as ours from '../../src/index';
import type { ServedEngine, ZlibOptions } from '../../src/options';
import { defineResetSuite } from './reset-suite';
import { chunked, errorOf, sampleData, through } from './streams';

export interface EngineSetup {
  name: string;
  /** Options every call of the suite passes (engine choice, threshold). */
  options: ZlibOptions;
  /** The engine a stream should report once data went through. */
  served: ServedEngine;
}

type Pair = {
  compress: 'gzip' | 'deflate' | 'deflateRaw';
  decompress: 'gunzip' | 'inflate' | 'inflateRaw';
  create: (o?: ZlibOptions) => ours.ZlibStream;
  createInverse: (o?: ZlibOptions) => ours.ZlibStream;
  oracle: (b: Buffer) => Buffer;
  oracleCompress: (b: Buffer) => Buffer;
  oneShot: typeof ours.gzip;
  oneShotInverse: typeof ours.gzip;
  sync: typeof ours.gzipSync;
  syncInverse: typeof ours.gzipSync;
};

export const PAIRS: readonly Pair[] = [
  {
    compress: 'gzip',
    decompress: 'gunzip',
    create: ours.createGzip,
    createInverse: ours.createGunzip,
    oracle: zlib.gunzipSync,
    oracleCompress: zlib.gzipSync,
    oneShot: ours.gzip,
    oneShotInverse: ours.gunzip,
    sync: ours.gzipSync,
    syncInverse: ours.gunzipSync,
  },
  {
    compress: 'deflate',
    decompress: 'inflate',
    create: ours.createDeflate,
    createInverse: ours.createInflate,
    oracle: zlib.inflateSync,
    oracleCompress: zlib.deflateSync,
    oneShot: ours.deflate,
    oneShotInverse: ours.inflate,
    sync: ours.deflateSync,
    syncInverse: ours.inflateSync,
  },
  {
    compress: 'deflateRaw',
    decompress: 'inflateRaw',
    create: ours.createDeflateRaw,
    createInverse: ours.createInflateRaw,
    oracle: zlib.inflateRawSync,
    oracleCompress: zlib.deflateRawSync,
    oneShot: ours.deflateRaw,
    oneShotInverse: ours.inflateRaw,
    sync: ours.deflateRawSync,
    syncInverse: ours.inflateRawSync,
  },
];

const SIZES = [0, 1, 5000, 300 * 1024];

export function defineZlibSuite(setup: EngineSetup): void {
  const o = setup.options;

  describe(`${setup.name}: streams round-trip with node:zlib as the oracle`, () => {
    for (const pair of PAIRS) {
      for (const size of SIZES) {
        it(`${pair.compress} of ${size} bytes in random chunks decompresses with node:zlib`, async () => {
          const data = sampleData(size, size + 3);
          const stream = pair.create(o);
          const out = await through(stream, chunked(data, 20_000));
          expect(pair.oracle(out).equals(data)).toBe(true);
          expect(stream.bytesWritten).toBe(size);
          if (size >= 5000) expect(stream.engine).toBe(setup.served);
        });
        it(`${pair.decompress} of ${size} bytes compressed by node:zlib, in random chunks`, async () => {
          const data = sampleData(size, size + 5);
          const compressed = pair.oracleCompress(data);
          const stream = pair.createInverse(o);
          const out = await through(stream, chunked(compressed, 7000));
          expect(out.equals(data)).toBe(true);
          expect(stream.bytesWritten).toBe(compressed.length);
        });
      }
    }

    it('unzip accepts both gzip and zlib streams', async () => {
      const data = sampleData(40_000);
      for (const compressed of [zlib.gzipSync(data), zlib.deflateSync(data)]) {
        expect((await through(ours.createUnzip(o), chunked(compressed, 5000))).equals(data)).toBe(true);
      }
    });

    it('gunzip decodes concatenated members and ignores zero padding, as node:zlib', async () => {
      const a = sampleData(30_000, 1);
      const b = sampleData(20_000, 2);
      const input = Buffer.concat([zlib.gzipSync(a), zlib.gzipSync(b), Buffer.alloc(16)]);
      const out = await through(ours.createGunzip(o), chunked(input, 9000));
      expect(out.equals(Buffer.concat([a, b]))).toBe(true);
    });

    it('inflate ignores bytes after the end of the stream, as node:zlib', async () => {
      const data = sampleData(30_000);
      const input = Buffer.concat([zlib.deflateSync(data), Buffer.from('trailing garbage')]);
      expect((await through(ours.createInflate(o), [input])).equals(data)).toBe(true);
    });
  });

  describe(`${setup.name}: one-shot functions`, () => {
    const data = sampleData(100_000, 11);
    for (const pair of PAIRS) {
      it(`${pair.compress}/${pair.decompress}: callback, promise, promisify and Sync agree with node:zlib`, async () => {
        const compress = pair.oneShot;
        const decompress = pair.oneShotInverse;
        const viaCallback = await new Promise<Buffer>((resolve, reject) =>
          compress(data, o, (error, result) => (error ? reject(error) : resolve(result))),
        );
        expect(pair.oracle(viaCallback).equals(data)).toBe(true);
        const viaPromise = await ours.promises[pair.compress](data, o);
        expect(pair.oracle(viaPromise).equals(data)).toBe(true);
        const promised = promisify(
          decompress as (b: Buffer, o: object, cb: (e: Error | null, r: Buffer) => void) => void,
        );
        const viaPromisify = await promised(pair.oracleCompress(data), o);
        expect(viaPromisify.equals(data)).toBe(true);
        const sync = pair.sync(data, o);
        expect(pair.syncInverse(sync, o).equals(data)).toBe(true);
      });
    }

    it('accepts strings, ArrayBuffers and typed arrays as node:zlib does', async () => {
      const text = 'héllo wörld '.repeat(3000);
      expect((await ours.promises.gunzip(await ours.promises.gzip(text, o), o)).toString()).toBe(text);
      const bytes = new Uint8Array(Buffer.from(text));
      expect(ours.gunzipSync(ours.gzipSync(bytes.buffer, o), o).toString()).toBe(text);
      expect(ours.inflateSync(ours.deflateSync(new DataView(bytes.buffer), o), o).toString()).toBe(text);
    });

    it('info: true gives { buffer, engine } as node:zlib', async () => {
      const result = ours.gzipSync(data, { ...o, info: true }) as unknown as {
        buffer: Buffer;
        engine: unknown;
      };
      expect(zlib.gunzipSync(result.buffer).equals(data)).toBe(true);
      expect(result.engine).toBeDefined();
      expect(Number.isNaN(ours.metrics().software.bytesOut)).toBe(false);
    });

    it('callback without options works, and a missing callback throws ERR_INVALID_ARG_TYPE', async () => {
      const out = await new Promise<Buffer>((resolve, reject) =>
        ours.gzip(data, (e, r) => (e ? reject(e) : resolve(r))),
      );
      expect(zlib.gunzipSync(out).equals(data)).toBe(true);
      expect(() => (ours.gzip as unknown as (b: Buffer) => void)(data)).toThrow(
        expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }),
      );
    });
  });

  describe(`${setup.name}: errors carry node:zlib's codes`, () => {
    const data = sampleData(50_000, 3);
    const cases = [
      {
        name: 'garbage to gunzip',
        fn: ours.gunzipSync,
        make: ours.createGunzip,
        input: Buffer.from('definitely not gzip'.repeat(10)),
        code: 'Z_DATA_ERROR',
        errno: -3,
      },
      {
        name: 'gzip to inflate',
        fn: ours.inflateSync,
        make: ours.createInflate,
        input: zlib.gzipSync(data),
        code: 'Z_DATA_ERROR',
        errno: -3,
      },
      {
        name: 'truncated gzip',
        fn: ours.gunzipSync,
        make: ours.createGunzip,
        input: zlib.gzipSync(data).subarray(0, 2000),
        code: 'Z_BUF_ERROR',
        errno: -5,
      },
      {
        name: 'truncated zlib',
        fn: ours.inflateSync,
        make: ours.createInflate,
        input: zlib.deflateSync(data).subarray(0, 2000),
        code: 'Z_BUF_ERROR',
        errno: -5,
      },
      {
        name: 'corrupt gzip CRC',
        fn: ours.gunzipSync,
        make: ours.createGunzip,
        input: corruptTrailer(zlib.gzipSync(data)),
        code: 'Z_DATA_ERROR',
        errno: -3,
      },
      {
        name: 'gzip with garbage after the member',
        fn: ours.gunzipSync,
        make: ours.createGunzip,
        input: Buffer.concat([zlib.gzipSync(data), Buffer.from('xyz')]),
        code: 'Z_DATA_ERROR',
        errno: -3,
      },
    ];
    for (const c of cases) {
      it(`${c.name}: Sync throws ${c.code}`, () => {
        const error = catchError(() => c.fn(c.input, o));
        expect(error).toBeInstanceOf(ZlibDataError);
        expect(error).toMatchObject({ code: c.code, errno: c.errno });
        expect(
          nodeError(c.input, c.fn === ours.gunzipSync ? zlib.gunzipSync : zlib.inflateSync),
        ).toMatchObject({ code: c.code });
      });
      it(`${c.name}: the stream emits ${c.code}`, async () => {
        const error = await errorOf(c.make(o), c.input);
        expect(error).toBeInstanceOf(ZlibDataError);
        expect(error).toMatchObject({ code: c.code, errno: c.errno });
      });
      it(`${c.name}: the callback gets ${c.code}`, async () => {
        const asyncFn = c.fn === ours.gunzipSync ? ours.gunzip : ours.inflate;
        const error = await new Promise<Error | null>((resolve) => asyncFn(c.input, o, (e) => resolve(e)));
        expect(error).toBeInstanceOf(ZlibDataError);
        expect(error).toMatchObject({ code: c.code, errno: c.errno });
      });
    }

    it('maxOutputLength: ERR_BUFFER_TOO_LARGE from Sync and callback', async () => {
      const compressed = zlib.gzipSync(data);
      const options = { ...o, maxOutputLength: 1000 };
      expect(catchError(() => ours.gunzipSync(compressed, options))).toMatchObject({
        code: 'ERR_BUFFER_TOO_LARGE',
      });
      const error = await new Promise<Error | null>((resolve) =>
        ours.gunzip(compressed, options, (e) => resolve(e)),
      );
      expect(error).toMatchObject({ code: 'ERR_BUFFER_TOO_LARGE' });
    });

    it('a bad engine option throws ERR_INVALID_ARG_VALUE, bad zlib options keep node:zlib codes', () => {
      expect(catchError(() => ours.createGzip({ engine: 'gpu' as 'auto' }))).toMatchObject({
        code: 'ERR_INVALID_ARG_VALUE',
      });
      expect(catchError(() => ours.createGzip({ ...o, level: 42 }))).toMatchObject({
        code: 'ERR_OUT_OF_RANGE',
      });
      expect(catchError(() => ours.gzipSync(data, { ...o, engine: 3 as unknown as 'auto' }))).toMatchObject({
        code: 'ERR_INVALID_ARG_VALUE',
      });
    });
  });

  describe(`${setup.name}: stream surface (flush, params, close, bytesWritten, events)`, () => {
    for (const pair of PAIRS) {
      it(`${pair.compress}: flush() makes everything written so far decodable before the end`, async () => {
        const stream = pair.create(o);
        const out: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => out.push(chunk));
        const first = sampleData(30_000, 21);
        stream.write(first);
        await new Promise<void>((resolve) => stream.flush(zlib.constants.Z_SYNC_FLUSH, resolve));
        const partial = Buffer.concat(out);
        const inflater =
          pair.compress === 'gzip'
            ? zlib.gunzipSync
            : pair.compress === 'deflate'
              ? zlib.inflateSync
              : zlib.inflateRawSync;
        expect(inflater(partial, { finishFlush: zlib.constants.Z_SYNC_FLUSH }).equals(first)).toBe(true);
        const second = sampleData(10_000, 22);
        stream.end(second);
        await once(stream, 'end');
        expect(pair.oracle(Buffer.concat(out)).equals(Buffer.concat([first, second]))).toBe(true);
      });
    }

    it("the 'flush' option makes every write decodable at once (server-sent events)", async () => {
      const stream = ours.createGzip({ ...o, flush: zlib.constants.Z_SYNC_FLUSH });
      const out: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => out.push(chunk));
      let sent = '';
      for (const event of ['data: 1\n\n', 'data: 2\n\n']) {
        sent += event;
        await new Promise<void>((resolve) => stream.write(event, () => resolve()));
        const text = zlib
          .gunzipSync(Buffer.concat(out), { finishFlush: zlib.constants.Z_SYNC_FLUSH })
          .toString();
        expect(text).toBe(sent);
      }
      stream.end();
      await once(stream, 'end');
      expect(zlib.gunzipSync(Buffer.concat(out)).toString()).toBe(sent);
    });

    it('decompression emits what it can decode without waiting for more input', async () => {
      const data = sampleData(200_000, 41);
      const compressed = zlib.gzipSync(data, { level: 1 });
      const stream = ours.createGunzip(o);
      const out: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => out.push(chunk));
      // Three small pieces, each must come out before the next goes in.
      for (let piece = 0; piece < 3; piece++) {
        const before = Buffer.concat(out).length;
        const more = once(stream, 'data');
        stream.write(compressed.subarray(piece * 8192, (piece + 1) * 8192));
        await more;
        const sofar = Buffer.concat(out);
        expect(sofar.length).toBeGreaterThan(before);
        expect(data.subarray(0, sofar.length).equals(sofar)).toBe(true);
      }
      stream.end(compressed.subarray(3 * 8192));
      await once(stream, 'end');
      expect(Buffer.concat(out).equals(data)).toBe(true);
    });

    it('params() changes the level mid-stream and the result stays valid', async () => {
      const stream = ours.createDeflate({ ...o, level: 1 });
      const out: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => out.push(chunk));
      const a = sampleData(40_000, 31);
      const b = sampleData(40_000, 32);
      stream.write(a);
      await new Promise<void>((resolve) =>
        stream.params(9, zlib.constants.Z_DEFAULT_STRATEGY, () => resolve()),
      );
      stream.end(b);
      await once(stream, 'end');
      expect(zlib.inflateSync(Buffer.concat(out)).equals(Buffer.concat([a, b]))).toBe(true);
    });

    it('close() emits close, calls back, and can be called twice', async () => {
      const stream = ours.createGzip(o);
      stream.write(sampleData(1000));
      const closed = once(stream, 'close');
      await new Promise<void>((resolve) => stream.close(() => resolve()));
      stream.close();
      await closed;
      expect(stream.destroyed).toBe(true);
    });

    it('events: finish, end and close all fire, in that order', async () => {
      const stream = ours.createGzip(o);
      const seen: string[] = [];
      for (const name of ['finish', 'end', 'close']) stream.on(name, () => seen.push(name));
      stream.resume();
      stream.end(sampleData(70_000));
      await once(stream, 'close');
      expect(seen).toEqual(['finish', 'end', 'close']);
    });

    it('streams report the engine that served them', async () => {
      const stream = ours.createGunzip(o);
      await through(stream, [zlib.gzipSync(sampleData(200_000))]);
      expect(stream.engine).toBe(setup.served);
      expect(stream.engineInfo.engine).toBe(setup.served);
      expect(stream instanceof ours.Gunzip).toBe(true);
      expect(stream instanceof ours.Gzip).toBe(false);
    });
  });

  describe(`${setup.name}: node:zlib's tuning options (level, windowBits, memLevel, strategy, dictionary, chunkSize)`, () => {
    const data = sampleData(120_000, 51);
    const dictionary = Buffer.from('alpha beta gamma delta uacce zip queue stream {"k":1}');
    const tunings: { name: string; options: zlib.ZlibOptions; formats: Pair['compress'][] }[] = [
      { name: 'level 0 (stored)', options: { level: 0 }, formats: ['gzip', 'deflate', 'deflateRaw'] },
      { name: 'level 1', options: { level: 1 }, formats: ['gzip', 'deflate', 'deflateRaw'] },
      { name: 'level 9', options: { level: 9 }, formats: ['gzip', 'deflate', 'deflateRaw'] },
      { name: 'memLevel 1', options: { memLevel: 1 }, formats: ['gzip', 'deflate', 'deflateRaw'] },
      {
        name: 'strategy Z_HUFFMAN_ONLY',
        options: { strategy: zlib.constants.Z_HUFFMAN_ONLY },
        formats: ['gzip', 'deflate', 'deflateRaw'],
      },
      {
        name: 'strategy Z_FILTERED',
        options: { strategy: zlib.constants.Z_FILTERED },
        formats: ['gzip', 'deflate', 'deflateRaw'],
      },
      { name: 'windowBits 10', options: { windowBits: 10 }, formats: ['gzip', 'deflate', 'deflateRaw'] },
      // zlib has no preset dictionary for gzip.
      { name: 'dictionary', options: { dictionary }, formats: ['deflate', 'deflateRaw'] },
    ];
    for (const tuning of tunings) {
      for (const pair of PAIRS.filter((p) => tuning.formats.includes(p.compress))) {
        it(`${pair.compress}, ${tuning.name}: stream and Sync output decode with node:zlib under the same options`, async () => {
          const options = { ...o, ...tuning.options };
          const decode = (compressed: Buffer) =>
            (zlib[`${pair.decompress}Sync`] as (b: Buffer, o?: zlib.ZlibOptions) => Buffer)(
              compressed,
              tuning.options,
            );
          const streamed = await through(pair.create(options), chunked(data, 20_000, 52));
          expect(decode(streamed).equals(data)).toBe(true);
          const sync = pair.sync(data, options);
          expect(decode(sync).equals(data)).toBe(true);
          if (setup.served === 'software') {
            // On software the bytes are node:zlib's own for the same options.
            const oracle = (zlib[`${pair.compress}Sync`] as (b: Buffer, o?: zlib.ZlibOptions) => Buffer)(
              data,
              tuning.options,
            );
            expect(sync.equals(oracle)).toBe(true);
          }
          // Decompression with the same options (the dictionary, a window as small as the
          // compressor's) gives the input back through our stream and our Sync alike.
          const inverse = { ...o, ...tuning.options };
          expect((await through(pair.createInverse(inverse), chunked(sync, 9000, 53))).equals(data)).toBe(
            true,
          );
          expect(pair.syncInverse(sync, inverse).equals(data)).toBe(true);
        });
      }
    }

    it('inflate without the dictionary the stream needs fails with Z_NEED_DICT', async () => {
      const compressed = zlib.deflateSync(data, { dictionary });
      expect(catchError(() => ours.inflateSync(compressed, o))).toMatchObject({ code: 'Z_NEED_DICT' });
      expect(await errorOf(ours.createInflate(o), compressed)).toMatchObject({ code: 'Z_NEED_DICT' });
    });

    for (const pair of PAIRS) {
      it(`${pair.compress}/${pair.decompress}: chunkSize bounds every chunk a stream pushes`, async () => {
        const chunkSize = 1024;
        // A flowing 'data' listener sees each pushed chunk (an async iterator would concatenate them).
        const chunksOf = async (stream: ours.ZlibStream, input: readonly Buffer[]) => {
          const out: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => out.push(chunk));
          const ended = once(stream, 'end');
          for (const chunk of input) stream.write(chunk);
          stream.end();
          await ended;
          return out;
        };
        const compressed = await chunksOf(pair.create({ ...o, chunkSize }), chunked(data, 30_000, 54));
        expect(pair.oracle(Buffer.concat(compressed)).equals(data)).toBe(true);
        const restored = await chunksOf(
          pair.createInverse({ ...o, chunkSize }),
          chunked(pair.oracleCompress(data), 30_000, 55),
        );
        expect(Buffer.concat(restored).equals(data)).toBe(true);
        const sizes = [...compressed, ...restored].map((chunk) => chunk.length);
        expect(Math.max(...sizes)).toBeLessThanOrEqual(chunkSize);
      });
    }
  });

  defineResetSuite(setup);
}

function corruptTrailer(gz: Buffer): Buffer {
  const copy = Buffer.from(gz);
  copy[copy.length - 8]! ^= 0xff;
  return copy;
}

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

function nodeError(input: Buffer, fn: (b: Buffer) => Buffer): unknown {
  return catchError(() => fn(input));
}
