// SPDX-License-Identifier: Apache-2.0
// The hardware path as arm64 code (bundled by src/arm64-run.ts, run in the arm64 Node under
// qemu-user against the x86 emulator named by UACCE_* in the environment): qm's queues through
// zip's engine, then @uacce/stream, every format in both directions, as streams and one-shot, each
// asserting the hardware engine served and the bytes match node:zlib.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import {
  closeHardware,
  configureHardware,
  createDeflate,
  createDeflateRaw,
  createGunzip,
  createGzip,
  createInflate,
  createInflateRaw,
  gunzipSync,
  gzipSync,
  metrics,
  promises,
  type ZlibOptions,
  type ZlibStream,
} from '@uacce/stream';
import { openZipEngine, type ZipEngine, type ZipFormat } from '@uacce/zip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

if (process.arch !== 'arm64') throw new Error(`this suite must run as arm64 code, not ${process.arch}`);

const HW = { engine: 'hardware', hardwareTimeout: 60_000 } as const;
const data = Buffer.concat(
  Array.from({ length: 2000 }, (_, index) =>
    Buffer.from(`line ${index} of the arm64 hardware suite ${index % 7}\n`),
  ),
);

function envOfEmulator() {
  const env: Record<string, string> = {};
  for (const name of ['UACCE_TRANSPORT', 'UACCE_EMULATOR_SOCKET', 'UACCE_SYSFS_ROOT']) {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set: the suite needs the emulator's environment`);
    env[name] = value;
  }
  return env;
}

async function through(stream: ZlibStream, input: Buffer): Promise<Buffer> {
  const parts: Buffer[] = [];
  await pipeline(
    Readable.from([input.subarray(0, 30_000), input.subarray(30_000)]),
    stream,
    async (output: AsyncIterable<Buffer>) => {
      for await (const chunk of output) parts.push(chunk);
    },
  );
  return Buffer.concat(parts);
}

describe('qm and zip on arm64', () => {
  let engine: ZipEngine;
  beforeAll(async () => {
    engine = await openZipEngine({ env: envOfEmulator(), maxQueues: 1 });
  });
  afterAll(async () => {
    await engine?.close();
  });

  const formats: ZipFormat[] = ['gzip', 'zlib', 'deflate-raw'];
  const inflate = { gzip: zlib.gunzipSync, zlib: zlib.inflateSync, 'deflate-raw': zlib.inflateRawSync };
  const deflate = { gzip: zlib.gzipSync, zlib: zlib.deflateSync, 'deflate-raw': zlib.deflateRawSync };

  for (const format of formats) {
    it(`${format}: block compression and decompression on the device`, async () => {
      expect(engine.emulated).toBe(true);
      expect(inflate[format](await engine.compress(format, data)).equals(data)).toBe(true);
      if (engine.supports(format, 'decompress')) {
        expect((await engine.decompress(format, deflate[format](data))).equals(data)).toBe(true);
        expect(engine.decompressSync(format, deflate[format](data)).equals(data)).toBe(true);
      }
      expect(inflate[format](engine.compressSync(format, data)).equals(data)).toBe(true);
    });

    it(`${format}: a compression session with a sync flush`, async () => {
      const session = engine.createCompressSession({ format });
      const parts = [...(await session.write(data.subarray(0, 1000), 'sync'))];
      parts.push(...(await session.write(data.subarray(1000), 'finish')));
      session.close();
      expect(inflate[format](Buffer.concat(parts)).equals(data)).toBe(true);
    });
  }

  it("counts the work in qm's queue pools", () => {
    const stats = engine.stats() as { compress?: unknown; decompress?: unknown };
    expect(JSON.stringify(stats.compress)).toMatch(/\d/);
  });
});

describe('@uacce/stream on arm64', () => {
  beforeAll(async () => {
    await configureHardware({ env: envOfEmulator(), maxQueues: 2 });
  });
  afterAll(async () => {
    await closeHardware();
  });

  const lanes: {
    name: string;
    make: (o: ZlibOptions) => ZlibStream;
    input: Buffer;
    check: (out: Buffer) => boolean;
  }[] = [
    { name: 'createGzip', make: createGzip, input: data, check: (out) => zlib.gunzipSync(out).equals(data) },
    {
      name: 'createDeflate',
      make: createDeflate,
      input: data,
      check: (out) => zlib.inflateSync(out).equals(data),
    },
    {
      name: 'createDeflateRaw',
      make: createDeflateRaw,
      input: data,
      check: (out) => zlib.inflateRawSync(out).equals(data),
    },
    {
      name: 'createGunzip',
      make: createGunzip,
      input: zlib.gzipSync(data),
      check: (out) => out.equals(data),
    },
    {
      name: 'createInflate',
      make: createInflate,
      input: zlib.deflateSync(data),
      check: (out) => out.equals(data),
    },
    {
      name: 'createInflateRaw',
      make: createInflateRaw,
      input: zlib.deflateRawSync(data),
      check: (out) => out.equals(data),
    },
  ];

  for (const lane of lanes) {
    it(`${lane.name}: a stream served by the hardware engine`, async () => {
      const stream = lane.make(HW);
      expect(lane.check(await through(stream, lane.input))).toBe(true);
      expect(stream.engine).toBe('hardware');
    });
  }

  it('one-shot calls, sync and promise, every format both ways, on the hardware engine', async () => {
    const before = metrics().hardware.calls;
    expect(zlib.gunzipSync(gzipSync(data, HW)).equals(data)).toBe(true);
    expect(gunzipSync(zlib.gzipSync(data), HW).equals(data)).toBe(true);
    expect(zlib.inflateSync(await promises.deflate(data, HW)).equals(data)).toBe(true);
    expect((await promises.inflate(zlib.deflateSync(data), HW)).equals(data)).toBe(true);
    expect(zlib.inflateRawSync(await promises.deflateRaw(data, HW)).equals(data)).toBe(true);
    expect((await promises.inflateRaw(zlib.deflateRawSync(data), HW)).equals(data)).toBe(true);
    expect((await promises.unzip(zlib.gzipSync(data), HW)).equals(data)).toBe(true);
    const after = metrics();
    expect(after.hardware.calls - before).toBe(7);
    expect(after.software.calls).toBe(0);
    expect(after.fallbacks).toEqual({});
  });
});
