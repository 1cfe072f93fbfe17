// SPDX-License-Identifier: Apache-2.0
import { deflateRawSync, deflateSync, gunzipSync, gzipSync, inflateRawSync, inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator, ZIP_STATUS } from '../src';
import { RingClient } from './support/ring-client';
import { sample } from './support/sample';
import { buildSqe, readResult } from './support/sqe-builder';

const ZLIB_HEADER = Buffer.from([0x78, 0x9c]);
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]);
const REQUEST = { deflate: 1, zlib: 2, gzip: 3 } as const;

let emulator: RunningEmulator;
let compressor: RingClient;
let decompressor: RingClient;

beforeAll(async () => {
  emulator = await startEmulator({ devices: 1, api: 'hisi_qm_v3', queuesPerDevice: 8 });
  compressor = await RingClient.open(emulator, 'hisi_zip-0', 0);
  decompressor = await RingClient.open(emulator, 'hisi_zip-0', 1);
});

afterAll(async () => {
  compressor?.close();
  decompressor?.close();
  await emulator?.stop();
});

async function run(client: RingClient, sqe: Buffer) {
  client.submit(sqe);
  const completion = await client.receive();
  expect(completion).toBeDefined();
  return readResult(completion!.sqe);
}

describe('stateless compression through the ring', () => {
  it.each([
    ['deflate', inflateRawSync, Buffer.alloc(0)],
    ['zlib', inflateSync, ZLIB_HEADER],
    ['gzip', gunzipSync, GZIP_HEADER],
  ] as const)(
    '%s output (driver header + device body and trailer) inflates with node:zlib',
    async (name, inflate, header) => {
      const input = sample(100_000);
      const dest = Buffer.alloc(200_000);
      const result = await run(
        compressor,
        buildSqe({
          requestType: REQUEST[name],
          source: input,
          sourceLength: input.length,
          dest,
          destLength: dest.length,
          tag: 42,
        }),
      );
      expect(result.status).toBe(ZIP_STATUS.OK);
      expect(result.consumed).toBe(input.length);
      expect(result.tag).toBe(42);
      const stream = Buffer.concat([header, dest.subarray(0, result.produced)]);
      expect(inflate(stream).equals(input)).toBe(true);
    },
  );

  it('reports 0x0E when the output space is too small', async () => {
    const input = sample(50_000);
    const dest = Buffer.alloc(64);
    const result = await run(
      compressor,
      buildSqe({
        requestType: REQUEST.gzip,
        source: input,
        sourceLength: input.length,
        dest,
        destLength: dest.length,
      }),
    );
    expect(result.status).toBe(ZIP_STATUS.DEST_TOO_SMALL);
  });
});

describe('window size (DW9 15:12)', () => {
  // 5000 random bytes twice: the repeat can only be found at distance 5000, beyond a 4 KiB window.
  const block = Buffer.from(Array.from({ length: 5000 }, (_, i) => Math.imul(i + 1, 2654435761) >>> 24));
  // Small output chunks make inflate look back through its 4 KiB window, not the output buffer.
  const narrow = { windowBits: 12, chunkSize: 1024 };
  const input = Buffer.concat([block, block]);

  async function compressWith(windowSize: number): Promise<Buffer> {
    const dest = Buffer.alloc(30_000);
    const result = await run(
      compressor,
      buildSqe({
        requestType: REQUEST.deflate,
        source: input,
        sourceLength: input.length,
        dest,
        destLength: dest.length,
        windowSize,
      }),
    );
    expect([ZIP_STATUS.OK, ZIP_STATUS.NEGATIVE_COMPRESSION]).toContain(result.status);
    return dest.subarray(0, result.produced);
  }

  it('a 4 KiB window (0) never references further back than 4 KiB', async () => {
    expect(inflateRawSync(await compressWith(0), narrow).equals(input)).toBe(true);
  });

  it('a 32 KiB window (4) does reach further back', async () => {
    const body = await compressWith(4);
    expect(inflateRawSync(body).equals(input)).toBe(true);
    expect(() => inflateRawSync(body, narrow)).toThrow(expect.objectContaining({ code: 'Z_DATA_ERROR' }));
  });
});

describe('stateless decompression through the ring', () => {
  it.each([
    ['deflate', deflateRawSync(sample(80_000)), 0],
    ['zlib', deflateSync(sample(80_000)), 2],
    ['gzip', gzipSync(sample(80_000)), 10],
  ] as const)(
    '%s from node:zlib decompresses, trailer checked, header skipped by the driver',
    async (name, compressed, skip) => {
      const source = compressed.subarray(skip);
      const dest = Buffer.alloc(100_000);
      const result = await run(
        decompressor,
        buildSqe({
          requestType: REQUEST[name],
          source,
          sourceLength: source.length,
          dest,
          destLength: dest.length,
        }),
      );
      // The end of a stateless stream is status 0 with lstblk (README "Stateless decompression").
      expect(result.status).toBe(ZIP_STATUS.OK);
      expect(result.lstblk).toBe(1);
      expect(result.consumed).toBe(source.length);
      expect(dest.subarray(0, result.produced).equals(sample(80_000))).toBe(true);
    },
  );

  it.each([
    ['gzip CRC-32', 'gzip', gzipSync(sample(10_000)).subarray(10), 8],
    ['gzip ISIZE', 'gzip', gzipSync(sample(10_000)).subarray(10), 4],
    ['zlib Adler-32', 'zlib', deflateSync(sample(10_000)).subarray(2), 4],
  ] as const)('reports 0x10 when the %s in the trailer does not match', async (_name, format, body, back) => {
    const source = Buffer.from(body);
    source[source.length - back]! ^= 0xff;
    const dest = Buffer.alloc(20_000);
    const result = await run(
      decompressor,
      buildSqe({
        requestType: REQUEST[format],
        source,
        sourceLength: source.length,
        dest,
        destLength: dest.length,
      }),
    );
    expect(result.status).toBe(ZIP_STATUS.CRC_ERROR);
  });

  it('reports 0x0E when the decompressed data does not fit the output space', async () => {
    const source = deflateRawSync(sample(10_000));
    const dest = Buffer.alloc(9_999);
    const result = await run(
      decompressor,
      buildSqe({
        requestType: REQUEST.deflate,
        source,
        sourceLength: source.length,
        dest,
        destLength: dest.length,
      }),
    );
    expect(result.status).toBe(ZIP_STATUS.DEST_TOO_SMALL);
  });

  it('reports BAD_DATA for input that is not deflate', async () => {
    const source = Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
    const dest = Buffer.alloc(1000);
    const result = await run(
      decompressor,
      buildSqe({
        requestType: REQUEST.deflate,
        source,
        sourceLength: source.length,
        dest,
        destLength: dest.length,
      }),
    );
    expect(result.status).toBe(ZIP_STATUS.BAD_DATA);
  });
});
