// SPDX-License-Identifier: Apache-2.0
// Engine selection under 'auto': small inputs, busy device, options only zlib honours, formats
// the device lacks, and what is reported (engine, reason, diagnostics_channel, metrics, NODE_DEBUG).
import { spawnSync } from 'node:child_process';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CHANNELS,
  closeHardware,
  configureHardware,
  createDeflateRaw,
  createGunzip,
  createGzip,
  createInflateRaw,
  createUnzip,
  DEFAULT_HARDWARE_THRESHOLD,
  type EngineSelectedMessage,
  Gzip,
  gzipSync,
  metrics,
  promises,
  resetMetrics,
} from '../src/index';
import { FakeEngine } from './helpers/fake-engine';
import { sampleData, through } from './helpers/streams';

const big = sampleData(DEFAULT_HARDWARE_THRESHOLD * 4, 8);
const small = sampleData(200, 9);

async function useFake(fake = new FakeEngine(), extra: { maxInFlight?: number } = {}): Promise<FakeEngine> {
  await configureHardware({ engine: () => Promise.resolve(fake), ...extra });
  await promises.gzip(big); // opens the engine
  resetMetrics();
  return fake;
}

afterAll(() => closeHardware());
beforeEach(() => resetMetrics());

describe("'auto' selection", () => {
  it('small streams stay on software, byte-identical to node:zlib, and say why', async () => {
    await useFake();
    const stream = createGzip();
    const out = await through(stream, [small]);
    expect(out.equals(zlib.gzipSync(small))).toBe(true);
    expect(stream.engine).toBe('software');
    expect(stream.fallbackReason).toBe('small-input');
    expect(metrics().routed['small-input']).toBe(1);
  });

  it('large streams go to the device; hardwareThreshold moves the line', async () => {
    await useFake();
    const stream = createGzip();
    expect(zlib.gunzipSync(await through(stream, [big])).equals(big)).toBe(true);
    expect(stream.engine).toBe('hardware');
    expect(stream.engineInfo).toMatchObject({ device: 'fake_zip-0', emulated: true });
    const low = createGzip({ hardwareThreshold: 100 });
    await through(low, [small]);
    expect(low.engine).toBe('hardware');
    expect(metrics().hardware.streams).toBe(2);
    expect(metrics().hardware.requests).toBeGreaterThan(0);
  });

  it('one-shot calls: small to software, large to hardware', async () => {
    await useFake();
    expect(zlib.gunzipSync(await promises.gzip(small)).equals(small)).toBe(true);
    expect(zlib.gunzipSync(gzipSync(big)).equals(big)).toBe(true);
    expect(metrics().software.calls).toBe(1);
    expect(metrics().hardware.calls).toBe(1);
  });

  it('every queue busy: new work goes to software rather than wait', async () => {
    await useFake(new FakeEngine({ busy: true }));
    const stream = createGzip();
    await through(stream, [big]);
    expect(stream.fallbackReason).toBe('busy');
    await useFake(new FakeEngine(), { maxInFlight: 0 });
    const limited = createGzip();
    await through(limited, [big]);
    expect(limited.fallbackReason).toBe('busy');
    expect(zlib.gunzipSync(await promises.gzip(big)).equals(big)).toBe(true);
    expect(metrics().routed.busy).toBe(2);
    expect(metrics().software.calls).toBe(1);
  });

  it('options only zlib honours (dictionary, strategy, small window) stay on software', async () => {
    await useFake();
    for (const options of [
      { dictionary: Buffer.from('dict') },
      { strategy: zlib.constants.Z_RLE },
      { windowBits: 9 },
    ]) {
      const stream = createDeflateRaw(options);
      expect(stream.engine).toBe('software');
      expect(stream.fallbackReason).toBe('unsupported');
      expect(stream).toBeInstanceOf((zlib as unknown as { DeflateRaw: new () => unknown }).DeflateRaw);
    }
  });

  it('a format the device does not serve stays on software', async () => {
    await useFake(new FakeEngine({ formats: ['gzip', 'zlib'] }));
    const stream = createInflateRaw();
    expect(stream.fallbackReason).toBe('unsupported');
    expect((await through(stream, [zlib.deflateRawSync(big)])).equals(big)).toBe(true);
  });

  it('unzip waits for two bytes before telling gzip from zlib, and stays on hardware', async () => {
    await useFake();
    const stream = createUnzip({ engine: 'hardware' });
    const input = zlib.deflateSync(big);
    const out = await through(stream, [input.subarray(0, 1), input.subarray(1, 2), input.subarray(2)]);
    expect(out.equals(big)).toBe(true);
    expect(stream.engine).toBe('hardware');
    expect(stream.fallbackReason).toBeUndefined();
  });

  it("'software' never touches the device; instanceof works for both kinds of stream", async () => {
    const fake = await useFake();
    const stream = createGzip({ engine: 'software' });
    await through(stream, [big]);
    expect(stream.fallbackReason).toBeUndefined();
    expect(fake.writes).toBe(1); // the one request of useFake()
    expect(stream).toBeInstanceOf(Gzip);
    expect(createGzip()).toBeInstanceOf(Gzip);
    expect(createGunzip()).not.toBeInstanceOf(Gzip);
  });

  it("publishes 'uacce:engine-selected' for streams and calls", async () => {
    await useFake();
    const seen: EngineSelectedMessage[] = [];
    const listener = (message: unknown) => seen.push(message as EngineSelectedMessage);
    subscribe(CHANNELS.engineSelected, listener);
    try {
      await through(createGzip(), [big]);
      await through(createGzip(), [small]);
      gzipSync(small, { engine: 'software' });
    } finally {
      unsubscribe(CHANNELS.engineSelected, listener);
    }
    expect(seen.map((m) => [m.operation, m.engine, m.reason])).toEqual([
      ['stream', 'hardware', undefined],
      ['stream', 'software', 'small-input'],
      ['sync', 'software', undefined],
    ]);
    expect(seen[0]).toMatchObject({ format: 'gzip', direction: 'compress', device: 'fake_zip-0' });
  });
});

describe('without any device', () => {
  it("'hardware' and 'auto' are served by software with the reason 'no-device'", async () => {
    await configureHardware({ env: {}, sysfsRoot: '/nonexistent' });
    const stream = createGzip({ engine: 'hardware' });
    expect(zlib.gunzipSync(await through(stream, [big])).equals(big)).toBe(true);
    expect(stream.fallbackReason).toBe('no-device');
    expect(createGzip().fallbackReason).toBe('no-device');
  });
});

describe('NODE_DEBUG=uacce', () => {
  it('logs engine decisions through util.debuglog', async () => {
    const require = createRequire(import.meta.url);
    const esbuild = require(require.resolve('esbuild', { paths: [dirname(require.resolve('tsup'))] })) as {
      build(options: Record<string, unknown>): Promise<unknown>;
    };
    const dir = mkdtempSync(join(tmpdir(), 'uacce-debug-'));
    try {
      const entry = join(dir, 'entry.mjs');
      const src = join(dirname(fileURLToPath(import.meta.url)), '../src/index.ts');
      writeFileSync(entry, `import { gzipSync } from ${JSON.stringify(src)};\ngzipSync('hello');\n`);
      const out = join(dir, 'bundle.mjs');
      await esbuild.build({
        entryPoints: [entry],
        bundle: true,
        platform: 'node',
        format: 'esm',
        outfile: out,
        conditions: ['@uacce/source'],
        logLevel: 'silent',
      });
      const run = spawnSync(process.execPath, [out], {
        env: { ...process.env, NODE_DEBUG: 'uacce' },
        encoding: 'utf8',
      });
      expect(run.status).toBe(0);
      expect(run.stderr).toMatch(/^UACCE \d+: sync compress gzip on software/m);
      const quiet = spawnSync(process.execPath, [out], {
        env: { ...process.env, NODE_DEBUG: '' },
        encoding: 'utf8',
      });
      expect(quiet.stderr).not.toMatch(/UACCE/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
