// SPDX-License-Identifier: Apache-2.0
// Fallback from hardware to software at random points, for every fault kind, format and direction,
// on the in-process fake engine (deterministic). The output must be one valid stream with no byte
// lost or duplicated; the stream must say why it left the hardware.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import zlib from 'node:zlib';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CHANNELS,
  closeHardware,
  configureHardware,
  createDeflate,
  createDeflateRaw,
  createGunzip,
  createGzip,
  createInflate,
  createInflateRaw,
  type FallbackMessage,
  gunzip,
  gzipSync,
  metrics,
  promises,
  resetMetrics,
  type ZlibOptions,
} from '../src/index';
import { FakeEngine, type FaultKind } from './helpers/fake-engine';
import { chunked, rng, sampleData, through } from './helpers/streams';

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

const FAULTS: readonly { fault: FaultKind; reason: string }[] = [
  { fault: 'timeout-error', reason: 'timeout' },
  { fault: 'stall', reason: 'timeout' },
  { fault: 'queue-lost', reason: 'device-lost' },
  { fault: 'device-isolated', reason: 'device-lost' },
  { fault: 'transport', reason: 'device-lost' },
  { fault: 'hw-status', reason: 'hardware-status' },
];

const OPTIONS: ZlibOptions = { engine: 'hardware', hardwareTimeout: 150 };
const data = sampleData(600 * 1024, 99);

function useFake(fake: FakeEngine): Promise<void> {
  return configureHardware({ engine: () => Promise.resolve(fake), retryInterval: 0 });
}

afterAll(() => closeHardware());
beforeEach(() => resetMetrics());

describe('a hardware failure mid-stream continues in software with nothing lost or duplicated', () => {
  const random = rng(2024);
  for (const format of FORMATS) {
    for (const { fault, reason } of FAULTS) {
      // Compression makes 8 or more hardware requests, decompression 3: fail one, chosen at random (seeded).
      const failAt = Math.floor(random() * 7);
      it(`${format.name} compression, ${fault} at request ${failAt}`, async () => {
        const fake = new FakeEngine({ failAt, fault });
        await useFake(fake);
        const stream = format.compress(OPTIONS);
        const out = await through(stream, chunked(data, 30_000, failAt + 1));
        expect(format.inflate(out).equals(data)).toBe(true);
        expect(stream.engine).toBe('software');
        expect(stream.fallbackReason).toBe(reason);
        expect(stream.bytesWritten).toBe(data.length);
        expect(metrics().fallbacks[reason]).toBe(1);
        expect(fake.sessionsOpen).toBe(0);
      });
      it(`${format.name} decompression, ${fault} at request ${failAt}`, async () => {
        const fake = new FakeEngine({ failAt: Math.min(failAt, 2), fault });
        await useFake(fake);
        const compressed = format.deflate(data, { level: 1 });
        const stream = format.decompress(OPTIONS);
        const out = await through(stream, chunked(compressed, 20_000, failAt + 2));
        expect(out.equals(data)).toBe(true);
        expect(stream.fallbackReason).toBe(reason);
        expect(metrics().fallbacks[reason]).toBe(1);
        expect(fake.sessionsOpen).toBe(0);
      });
    }
  }

  it('a flush() before the failure still yields one valid stream', async () => {
    await useFake(new FakeEngine({ failAt: 2, fault: 'queue-lost' }));
    const stream = createGzip(OPTIONS);
    const out: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => out.push(chunk));
    const parts = chunked(data, 90_000, 5);
    for (const part of parts) {
      stream.write(part);
      await new Promise<void>((resolve) => stream.flush(zlib.constants.Z_SYNC_FLUSH, resolve));
    }
    stream.end();
    await new Promise((resolve) => stream.on('end', resolve));
    expect(zlib.gunzipSync(Buffer.concat(out)).equals(data)).toBe(true);
    expect(stream.fallbackReason).toBe('device-lost');
  });

  it('decompression past fallbackRetainLimit fails with the typed hardware error, not wrong bytes', async () => {
    await useFake(new FakeEngine({ failAt: 1, fault: 'queue-lost' }));
    const stream = createGunzip({ ...OPTIONS, fallbackRetainLimit: 1000 });
    const compressed = zlib.gzipSync(data, { level: 1 });
    const error = await through(stream, chunked(compressed, 20_000)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_UACCE_QUEUE_CLOSED' });
    expect(stream.fallbackReason).toBe('device-lost');
  });

  it('publishes uacce:fallback with the reason, and one-shot calls fall back too', async () => {
    await useFake(new FakeEngine({ failAt: 1, fault: 'hw-status' }));
    // Sync calls cannot wait for the engine to open: open it with one async call first.
    expect(zlib.gunzipSync(await promises.gzip(data, OPTIONS)).equals(data)).toBe(true);
    const seen: FallbackMessage[] = [];
    const listener = (message: unknown) => seen.push(message as FallbackMessage);
    subscribe(CHANNELS.fallback, listener);
    try {
      const compressed = gzipSync(data, OPTIONS);
      expect(zlib.gunzipSync(compressed).equals(data)).toBe(true);
      await useFake(new FakeEngine({ failAt: 0, fault: 'stall' }));
      const out = await new Promise<Buffer>((resolve, reject) =>
        gunzip(zlib.gzipSync(data), OPTIONS, (e, r) => (e ? reject(e) : resolve(r))),
      );
      expect(out.equals(data)).toBe(true);
    } finally {
      unsubscribe(CHANNELS.fallback, listener);
    }
    expect(seen.map((m) => [m.operation, m.reason])).toEqual([
      ['sync', 'hardware-status'],
      ['call', 'timeout'],
    ]);
  });

  it('close() during a hardware request releases the session and emits close, without an error', async () => {
    const fake = new FakeEngine({ failAt: 1, fault: 'stall' });
    await useFake(fake);
    const cases = [
      { stream: createGzip({ engine: 'hardware', hardwareTimeout: 60_000 }), input: data },
      { stream: createGunzip({ engine: 'hardware', hardwareTimeout: 60_000 }), input: zlib.gzipSync(data) },
    ];
    for (const { stream, input } of cases) {
      const errors: unknown[] = [];
      stream.on('error', (error) => errors.push(error));
      stream.resume();
      stream.write(input);
      await new Promise((resolve) => setTimeout(resolve, 50));
      await new Promise<void>((resolve) => stream.close(() => resolve()));
      expect(stream.destroyed).toBe(true);
      expect(errors).toEqual([]);
      expect(fake.sessionsOpen).toBe(0);
    }
  });

  it('a lost device is dropped: later streams route to software until the retry interval', async () => {
    const fake = new FakeEngine({ failAt: 0, fault: 'transport' });
    await configureHardware({ engine: () => Promise.resolve(fake), retryInterval: 60_000 });
    const first = createGzip(OPTIONS);
    await through(first, [data]);
    expect(first.fallbackReason).toBe('device-lost');
    expect(fake.closed).toBe(true);
    const second = createGzip(OPTIONS);
    expect(second.engine).toBe('software');
    expect(second.fallbackReason).toBe('device-lost');
  });
});
