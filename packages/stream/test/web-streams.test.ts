// SPDX-License-Identifier: Apache-2.0
// WHATWG CompressionStream / DecompressionStream of the Node entry: round trips, interop with
// Node's own, options (level, engine, chunkSize), flush() for server-sent events, errors.
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CompressionStream,
  closeHardware,
  configureHardware,
  createGunzip,
  DEFAULT_DECOMPRESS_CHUNK_SIZE,
  DecompressionStream,
} from '../src/index';
import { FakeEngine } from './helpers/fake-engine';
import { sampleData, through } from './helpers/streams';

const data = sampleData(300_000, 12);
const INFLATE = {
  gzip: zlib.gunzipSync,
  deflate: zlib.inflateSync,
  'deflate-raw': zlib.inflateRawSync,
} as const;
const DEFLATE = {
  gzip: zlib.gzipSync,
  deflate: zlib.deflateSync,
  'deflate-raw': zlib.deflateRawSync,
} as const;

type Pair = { readable: ReadableStream<Uint8Array>; writable: WritableStream<Uint8Array> };

async function pipe(pair: Pair, chunks: Uint8Array[]): Promise<Buffer> {
  const writer = pair.writable.getWriter();
  const writing = (async () => {
    for (const chunk of chunks) await writer.write(chunk);
    await writer.close();
  })();
  const [bytes] = await Promise.all([new Response(pair.readable).arrayBuffer(), writing]);
  return Buffer.from(bytes);
}

afterAll(() => closeHardware());

describe('CompressionStream / DecompressionStream (Node entry)', () => {
  for (const format of ['gzip', 'deflate', 'deflate-raw'] as const) {
    it(`'${format}': round trip, and interop with Node's own streams both ways`, async () => {
      const ours = await pipe(new CompressionStream(format, { level: 9 }), [
        data.subarray(0, 1000),
        data.subarray(1000),
      ]);
      expect(INFLATE[format](ours).equals(data)).toBe(true);
      expect(
        (await pipe(new globalThis.DecompressionStream(format) as unknown as Pair, [ours])).equals(data),
      ).toBe(true);
      const theirs = await pipe(new globalThis.CompressionStream(format) as unknown as Pair, [data]);
      expect((await pipe(new DecompressionStream(format), [theirs])).equals(data)).toBe(true);
      expect((await pipe(new DecompressionStream(format), [DEFLATE[format](data)])).equals(data)).toBe(true);
    });
  }

  it('flush() delivers an event before the end (server-sent events)', async () => {
    const stream = new CompressionStream('gzip');
    const writer = stream.writable.getWriter();
    const reader = stream.readable.getReader();
    const received: Buffer[] = [];
    for (const event of ['data: one\n\n', 'data: two\n\n']) {
      await writer.write(new TextEncoder().encode(event));
      await stream.flush();
      // Everything written so far is now readable and decodable.
      for (;;) {
        const pending = Buffer.concat(received);
        const text =
          pending.length > 0
            ? zlib.gunzipSync(pending, { finishFlush: zlib.constants.Z_SYNC_FLUSH }).toString()
            : '';
        if (text.endsWith(event)) break;
        const { value } = await reader.read();
        received.push(Buffer.from(value!));
      }
    }
    await writer.close();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      received.push(Buffer.from(value));
    }
    expect(zlib.gunzipSync(Buffer.concat(received)).toString()).toBe('data: one\n\ndata: two\n\n');
  });

  it('engine option: hardware when asked and available, reported on the stream', async () => {
    await configureHardware({ engine: () => Promise.resolve(new FakeEngine()) });
    const stream = new CompressionStream('deflate', { engine: 'hardware' });
    expect(zlib.inflateSync(await pipe(stream, [data])).equals(data)).toBe(true);
    expect(stream.engine).toBe('hardware');
    const software = new CompressionStream('deflate', { engine: 'software' });
    await pipe(software, [data]);
    expect(software.engine).toBe('software');
    expect(software.fallbackReason).toBeUndefined();
  });

  it('decompression defaults to larger output chunks than node:zlib; chunkSize still wins', async () => {
    const big = sampleData(1_000_000, 13);
    const chunks: number[] = [];
    const stream = createGunzip({ engine: 'software' });
    stream.on('data', (chunk: Buffer) => chunks.push(chunk.length));
    await through(stream, [zlib.gzipSync(big)]);
    expect(Math.max(...chunks)).toBe(DEFAULT_DECOMPRESS_CHUNK_SIZE);
    const sized: number[] = [];
    const small = createGunzip({ engine: 'software', chunkSize: 16 * 1024 });
    small.on('data', (chunk: Buffer) => sized.push(chunk.length));
    await through(small, [zlib.gzipSync(big)]);
    expect(Math.max(...sized)).toBe(16 * 1024);
  });

  it('errors: a bad format throws ERR_INVALID_ARG_VALUE, corrupt input errors with Z_DATA_ERROR', async () => {
    expect(() => new CompressionStream('br' as 'gzip')).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }),
    );
    expect(() => new DecompressionStream('zstd' as 'gzip')).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }),
    );
    const error = await pipe(new DecompressionStream('gzip'), [Buffer.from('not gzip, not at all')]).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'Z_DATA_ERROR', errno: -3 });
  });
});
