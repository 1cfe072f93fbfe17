// SPDX-License-Identifier: Apache-2.0
// Framing on hardware comes from @uacce/zip whichever path the bytes take: a stream of one chunk
// ends exactly as the one-shot over it; empty chunks at any position never spoil the trailer;
// a device that returns wrong bytes with right checksum words is caught and the one-shot result
// redone in software; a caller's buffer detached right after write() never loses data.
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  createDeflate,
  createDeflateRaw,
  createGzip,
  deflateRawSync,
  deflateSync,
  gunzip,
  gunzipSync,
  gzipSync,
  inflateSync,
  metrics,
  promises,
  resetMetrics,
  unzipSync,
  type ZlibOptions,
} from '../src/index';
import { useEmulatedHardware } from './helpers/emulated-hardware';
import { sampleData, through } from './helpers/streams';

const HW: ZlibOptions = { engine: 'hardware', hardwareTimeout: 30_000 };
const AUTO: ZlibOptions = { engine: 'auto', hardwareTimeout: 30_000, hardwareThreshold: 1 };
const SW: ZlibOptions = { engine: 'software' };

const FORMATS = [
  { name: 'gzip', create: createGzip, oneShot: gzipSync, decode: zlib.gunzipSync },
  { name: 'deflate', create: createDeflate, oneShot: deflateSync, decode: zlib.inflateSync },
  { name: 'deflateRaw', create: createDeflateRaw, oneShot: deflateRawSync, decode: zlib.inflateRawSync },
] as const;

describe('hardware framing through @uacce/zip (emulator hisi_qm_v3)', () => {
  const emulator = useEmulatedHardware('hisi_qm_v3');

  for (const format of FORMATS) {
    it(`${format.name}: a stream over one chunk ends exactly as the one-shot over it`, async () => {
      for (const size of [0, 1, 100_000, 300_000]) {
        const data = sampleData(size, 5);
        for (const level of [1, 6, 9]) {
          const stream = format.create({ ...HW, level });
          const streamed = await through(stream, size === 0 ? [] : [data]);
          const oneShot = format.oneShot(data, { ...HW, level });
          expect(stream.engine, `${size} L${level}`).toBe('hardware');
          expect(streamed.equals(oneShot), `${size} L${level}`).toBe(true);
          expect(format.decode(streamed).equals(data)).toBe(true);
        }
      }
    });

    it(`${format.name}: empty chunks at every position, on every engine`, async () => {
      const hello = Buffer.from('Hello');
      const world = Buffer.from('World');
      const empty = new Uint8Array(0);
      const big = sampleData(80_000, 9);
      const orders: Uint8Array[][] = [
        [hello, empty, world],
        [empty, hello, world],
        [hello, world, empty],
        [empty, empty, hello, empty, world, empty],
        [big, empty, big, new TextEncoder().encode(''), big],
      ];
      for (const options of [HW, AUTO, SW]) {
        for (const order of orders) {
          const out = await through(format.create(options), order as Buffer[]);
          const expected = Buffer.concat(order);
          expect(format.decode(out).equals(expected), `${options.engine} ${order.map((c) => c.length)}`).toBe(
            true,
          );
        }
      }
    });

    it(`${format.name}: a buffer detached right after write() is not lost (hardware and auto)`, async () => {
      for (const options of [HW, AUTO]) {
        const data = sampleData(500_000, 3);
        const chunk = new Uint8Array(data);
        const stream = format.create(options);
        const out: Buffer[] = [];
        stream.on('data', (piece: Buffer) => out.push(piece));
        const ended = new Promise((resolve, reject) => stream.on('end', resolve).on('error', reject));
        stream.write(chunk);
        structuredClone(chunk.buffer, { transfer: [chunk.buffer] });
        expect(chunk.byteLength).toBe(0);
        stream.end();
        await ended;
        expect(format.decode(Buffer.concat(out)).equals(data), String(options.engine)).toBe(true);
      }
    });
  }

  it('one-shot decompression checks the device output and redoes it in software on a mismatch', async () => {
    const data = sampleData(200_000, 4);
    const gz = zlib.gzipSync(data);
    const z = zlib.deflateSync(data);
    await emulator().faults.corrupt('hisi_zip-0', 1000);
    try {
      resetMetrics();
      expect(gunzipSync(gz, HW).equals(data)).toBe(true);
      expect(inflateSync(z, HW).equals(data)).toBe(true);
      expect(unzipSync(gz, HW).equals(data)).toBe(true);
      expect((await promises.gunzip(gz, HW)).equals(data)).toBe(true);
      const viaCallback = await new Promise<Buffer>((resolve, reject) =>
        gunzip(gz, HW, (error, result) => (error ? reject(error) : resolve(result))),
      );
      expect(viaCallback.equals(data)).toBe(true);
      expect(metrics().fallbacks['data-error']).toBe(5);
    } finally {
      await emulator().faults.corrupt('hisi_zip-0', 0);
    }
  });
});
