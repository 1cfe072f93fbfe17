// SPDX-License-Identifier: Apache-2.0
// Every fault kind of the emulator, injected at a random point while streams of every format run
// in both directions on @uacce/zip: each stream must finish in software with exactly the bytes
// software alone would give, and say why it left the hardware.

import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { type RunningEmulator, startEmulator, ZIP_STATUS } from '@uacce/emulator';
import { afterEach, describe, expect, it } from 'vitest';
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
  promises,
  resetMetrics,
  type ZlibOptions,
  type ZlibStream,
} from '../src/index';
import { chunked, rng, sampleData } from './helpers/streams';

const DEVICE = 'hisi_zip-0';
const data = sampleData(400 * 1024, 5);

interface Lane {
  name: string;
  make: (o: ZlibOptions) => ZlibStream;
  input: Buffer;
  check: (out: Buffer) => boolean;
}

const LANES: readonly Lane[] = [
  { name: 'gzip', make: createGzip, input: data, check: (out) => zlib.gunzipSync(out).equals(data) },
  { name: 'deflate', make: createDeflate, input: data, check: (out) => zlib.inflateSync(out).equals(data) },
  {
    name: 'deflateRaw',
    make: createDeflateRaw,
    input: data,
    check: (out) => zlib.inflateRawSync(out).equals(data),
  },
  { name: 'gunzip', make: createGunzip, input: zlib.gzipSync(data), check: (out) => out.equals(data) },
  { name: 'inflate', make: createInflate, input: zlib.deflateSync(data), check: (out) => out.equals(data) },
  {
    name: 'inflateRaw',
    make: createInflateRaw,
    input: zlib.deflateRawSync(data),
    check: (out) => out.equals(data),
  },
];

type Inject = (faults: RunningEmulator['faults']) => Promise<void>;

interface FaultCase {
  name: string;
  inject: Inject;
  /** Lanes the fault applies to (corruption is only detectable when decompressing). */
  lanes: readonly Lane[];
  timeout: number;
  reasons: readonly string[];
  /** The fault does not stop the device: streams need not leave it. */
  advisory?: boolean;
  /** The device returns wrong bytes: a stream may fail with ERR_UACCE_BAD_COMPLETION, never pass them on silently. */
  corrupts?: boolean;
}

const CASES: readonly FaultCase[] = [
  {
    name: 'error status (DMA fault)',
    inject: (f) => f.failNext(DEVICE, 1000, ZIP_STATUS.DMA_FAULT),
    lanes: LANES,
    timeout: 5000,
    reasons: ['hardware-status', 'data-error', 'device-error'],
  },
  { name: 'stall', inject: (f) => f.stall(DEVICE), lanes: LANES, timeout: 400, reasons: ['timeout'] },
  {
    name: 'slow device',
    inject: (f) => f.slow(DEVICE, 2000),
    lanes: LANES,
    timeout: 400,
    reasons: ['timeout'],
  },
  // Corruption is detectable only where a checksum covers the output: gzip and zlib decompression.
  {
    name: 'corrupt output',
    inject: (f) => f.corrupt(DEVICE, 1000),
    lanes: LANES.slice(3, 5),
    timeout: 5000,
    reasons: ['data-error', 'hardware-status', 'device-error'],
    corrupts: true,
  },
  {
    name: 'reset',
    inject: (f) => f.reset(DEVICE),
    lanes: LANES,
    timeout: 5000,
    reasons: ['device-lost', 'hardware-status', 'device-error', 'timeout'],
  },
  {
    name: 'removal',
    inject: (f) => f.remove(DEVICE),
    lanes: LANES,
    timeout: 5000,
    reasons: ['device-lost', 'hardware-status', 'device-error', 'timeout'],
  },
  {
    // Isolation is advisory (as in the kernel): streams may finish on the device or leave it.
    name: 'isolated',
    inject: (f) => f.isolate(DEVICE),
    lanes: LANES,
    timeout: 5000,
    reasons: ['device-lost', 'device-error', 'timeout'],
    advisory: true,
  },
  {
    name: 'emulator killed',
    inject: (f) => f.kill(),
    lanes: LANES,
    timeout: 5000,
    reasons: ['device-lost', 'device-error', 'timeout'],
  },
];

/** Feeds `chunks`, injecting the fault (once, shared by all lanes) before chunk `at` of this lane. */
async function* feed(chunks: Buffer[], at: number, inject: () => Promise<void>): AsyncGenerator<Buffer> {
  for (let index = 0; index < chunks.length; index++) {
    if (index === at) await inject();
    yield chunks[index]!;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

async function run(
  stream: ZlibStream,
  source: AsyncIterable<Buffer>,
): Promise<{ out: Buffer; error?: unknown }> {
  const out: Buffer[] = [];
  try {
    await pipeline(Readable.from(source), stream, async (output: AsyncIterable<Buffer>) => {
      for await (const chunk of output) out.push(chunk);
    });
  } catch (error) {
    return { out: Buffer.concat(out), error };
  }
  return { out: Buffer.concat(out) };
}

describe('emulator faults at random points: every stream finishes in software, byte-exact', () => {
  let emulator: RunningEmulator | undefined;
  afterEach(async () => {
    await closeHardware();
    await emulator?.stop();
    emulator = undefined;
  });

  const random = rng(77);
  for (const fault of CASES) {
    const seed = Math.floor(random() * 1000);
    it(`${fault.name} (seed ${seed})`, async () => {
      emulator = await startEmulator({ api: 'hisi_qm_v3', devices: 1 });
      await configureHardware({ env: { ...emulator.env }, maxQueues: 4 });
      // Open the engine first, so the fault hits streams that run on it.
      expect(zlib.gunzipSync(await promises.gzip(data, { engine: 'hardware' })).equals(data)).toBe(true);
      resetMetrics();
      const faults = emulator.faults;
      let injected: Promise<void> | undefined;
      const injectOnce = () => {
        injected ??= fault.inject(faults);
        return injected;
      };
      const pick = rng(seed);
      const options: ZlibOptions = { engine: 'hardware', hardwareTimeout: fault.timeout };
      const streams = fault.lanes.map((lane) => ({ lane, stream: lane.make(options) }));
      const outputs = await Promise.all(
        streams.map(({ lane, stream }) => {
          const chunks = chunked(lane.input, 16 * 1024, seed + lane.name.length);
          const at = 1 + Math.floor(pick() * (chunks.length - 1));
          return run(stream, feed(chunks, at, injectOnce));
        }),
      );
      streams.forEach(({ lane, stream }, index) => {
        const { out, error } = outputs[index]!;
        if (fault.corrupts && error !== undefined) {
          expect(error, lane.name).toMatchObject({ code: 'ERR_UACCE_BAD_COMPLETION' });
          return;
        }
        expect(error, lane.name).toBeUndefined();
        expect(lane.check(out), lane.name).toBe(true);
        if (stream.fallbackReason !== undefined)
          expect(fault.reasons, lane.name).toContain(stream.fallbackReason);
      });
      if (fault.corrupts) {
        // Wrong bytes from the device are caught by the stream's own checksum, not passed on as valid.
        expect(outputs.some(({ error }) => error !== undefined)).toBe(true);
        return;
      }
      if (fault.advisory) return;
      // At least one stream was on hardware when the fault hit and fell back.
      expect(streams.some(({ stream }) => stream.fallbackReason !== undefined)).toBe(true);
      expect(Object.values(metrics().fallbacks).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    });
  }
});
