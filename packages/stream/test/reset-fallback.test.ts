// SPDX-License-Identifier: Apache-2.0
// reset() after a hardware failure: the fallback state (software continuation or replay, retained
// input, counters, checksums) belongs to the stream that failed; the next stream chooses its engine
// again and goes back to the device. On the in-process fake engine (deterministic).
import zlib from 'node:zlib';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  closeHardware,
  configureHardware,
  createDeflate,
  createDeflateRaw,
  createGunzip,
  createGzip,
  createInflate,
  createInflateRaw,
  metrics,
  resetMetrics,
  type ZlibOptions,
} from '../src/index';
import { FakeEngine } from './helpers/fake-engine';
import { resetBetween, type Stream } from './helpers/reset-suite';
import { sampleData } from './helpers/streams';

const FORMATS = [
  {
    name: 'gzip',
    compress: createGzip,
    decompress: createGunzip,
    inflate: zlib.gunzipSync,
    deflate: zlib.gzipSync,
  },
  {
    name: 'zlib',
    compress: createDeflate,
    decompress: createInflate,
    inflate: zlib.inflateSync,
    deflate: zlib.deflateSync,
  },
  {
    name: 'deflate-raw',
    compress: createDeflateRaw,
    decompress: createInflateRaw,
    inflate: zlib.inflateRawSync,
    deflate: zlib.deflateRawSync,
  },
] as const;

const OPTIONS: ZlibOptions = { engine: 'hardware', hardwareTimeout: 5000 };
const SYNC = { finishFlush: zlib.constants.Z_SYNC_FLUSH };
const a = sampleData(300 * 1024, 31);
const b = sampleData(200 * 1024, 32);

/** A fake whose request `failAt` (counted over the engine) fails with an error status; the device stays usable. */
async function useFake(failAt: number): Promise<FakeEngine> {
  const fake = new FakeEngine({ failAt, fault: 'hw-status' });
  await configureHardware({ engine: () => Promise.resolve(fake), retryInterval: 0 });
  return fake;
}

afterAll(() => closeHardware());
beforeEach(() => resetMetrics());

describe('reset() and fallback: each stream falls back on its own; the next one chooses again', () => {
  for (const format of FORMATS) {
    // Stream 1 makes one request (0), stream 2 one more (1).
    for (const failAt of [0, 1]) {
      it(`${format.name} compression, request ${failAt} fails`, async () => {
        const fake = await useFake(failAt);
        const stream = format.compress(OPTIONS) as Stream & { engine: string; fallbackReason?: string };
        const run = await resetBetween(stream, a, b, true);
        expect(format.inflate(run.before, SYNC).equals(a)).toBe(true);
        expect(format.inflate(run.after).equals(b)).toBe(true);
        expect(metrics().fallbacks['hardware-status']).toBe(1);
        expect(stream.engine).toBe(failAt === 0 ? 'hardware' : 'software');
        expect(stream.fallbackReason).toBe(failAt === 0 ? undefined : 'hardware-status');
        expect(fake.sessionsOpen).toBe(0);
        const { hardware, software } = metrics();
        expect(hardware.bytesIn + software.bytesIn).toBe(a.length + b.length);
        expect(hardware.bytesOut + software.bytesOut).toBe(run.before.length + run.after.length);
        expect(hardware.streams + software.streams).toBe(1);
      });
    }

    // Stream 1: its first piece (0), then the piece still pending at reset() (1); stream 2: 2 and 3.
    for (const failAt of [0, 1, 2]) {
      it(`${format.name} decompression, request ${failAt} fails`, async () => {
        const fake = await useFake(failAt);
        const first = format.deflate(a, { level: 1 });
        const second = format.deflate(b, { level: 1 });
        const stream = format.decompress(OPTIONS) as Stream & { engine: string };
        const run = await resetBetween(stream, first, second, false);
        expect(Buffer.concat([run.before, run.after]).equals(Buffer.concat([a, b]))).toBe(true);
        expect(metrics().fallbacks['hardware-status']).toBe(1);
        expect(stream.engine).toBe(failAt < 2 ? 'hardware' : 'software');
        expect(fake.sessionsOpen).toBe(0);
        const { hardware, software } = metrics();
        expect(hardware.bytesIn + software.bytesIn).toBe(first.length + second.length);
        expect(hardware.bytesOut + software.bytesOut).toBe(a.length + b.length);
      });
    }
  }
});
