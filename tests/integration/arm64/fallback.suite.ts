// SPDX-License-Identifier: Apache-2.0
// Fault -> fallback as arm64 code: the host made the emulator's device fail every descriptor
// (DMA fault status) before this process started; every stream and call must still give
// node:zlib's bytes, from software, saying why it left the hardware.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import {
  closeHardware,
  configureHardware,
  createGunzip,
  createGzip,
  createInflateRaw,
  metrics,
  promises,
  type ZlibStream,
} from '@uacce/stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

if (process.arch !== 'arm64') throw new Error(`this suite must run as arm64 code, not ${process.arch}`);

const HW = { engine: 'hardware', hardwareTimeout: 60_000 } as const;
const REASONS = ['hardware-status', 'data-error', 'device-error'];
const data = Buffer.concat(
  Array.from({ length: 3000 }, (_, index) => Buffer.from(`fault ${index} ${index % 13}\n`)),
);

async function through(stream: ZlibStream, input: Buffer): Promise<Buffer> {
  const parts: Buffer[] = [];
  await pipeline(Readable.from([input]), stream, async (output: AsyncIterable<Buffer>) => {
    for await (const chunk of output) parts.push(chunk);
  });
  return Buffer.concat(parts);
}

function fallbacksCounted(): number {
  return Object.entries(metrics().fallbacks)
    .filter(([reason]) => REASONS.includes(reason))
    .reduce((sum, [, count]) => sum + count, 0);
}

describe('a failing device on arm64', () => {
  beforeAll(async () => {
    const env: Record<string, string> = {};
    for (const name of ['UACCE_TRANSPORT', 'UACCE_EMULATOR_SOCKET', 'UACCE_SYSFS_ROOT'])
      env[name] = process.env[name] ?? '';
    await configureHardware({ env, maxQueues: 1 });
  });
  afterAll(async () => {
    await closeHardware();
  });

  it('streams in both directions finish in software with the right bytes and a reason', async () => {
    const gzip = createGzip(HW);
    expect(zlib.gunzipSync(await through(gzip, data)).equals(data)).toBe(true);
    const gunzip = createGunzip(HW);
    expect((await through(gunzip, zlib.gzipSync(data))).equals(data)).toBe(true);
    const inflateRaw = createInflateRaw(HW);
    expect((await through(inflateRaw, zlib.deflateRawSync(data))).equals(data)).toBe(true);
    for (const stream of [gzip, gunzip, inflateRaw]) {
      expect(stream.engine).toBe('software');
      expect(REASONS).toContain(stream.fallbackReason);
    }
  });

  it('one-shot calls fall back too, and the fallbacks are counted with their reason', async () => {
    const before = fallbacksCounted();
    expect(zlib.inflateSync(await promises.deflate(data, HW)).equals(data)).toBe(true);
    expect((await promises.gunzip(zlib.gzipSync(data), HW)).equals(data)).toBe(true);
    expect(fallbacksCounted() - before).toBe(2);
  });
});
