// SPDX-License-Identifier: Apache-2.0
// Block mode end to end: one or several input Buffers, the 8 MiB descriptor limit, sync and async.
import { randomBytes } from 'node:crypto';
import zlib from 'node:zlib';
import { UacceArgumentError, UacceDeviceError } from '@uacce/abi';
import { describe, expect, it } from 'vitest';
import { openZipEngine, type ZipFormat } from '../src/index';
import { HARDWARE_APIS, startEmulatedEngine, useEmulatedEngine } from './support/emulated-engine';
import { caught } from './support/expect-error';
import { nodeDecode, nodeEncode } from './support/oracles';

/** Compressible but not trivial data of `size` bytes. */
function mixedData(size: number): Buffer {
  const words = ['alpha ', 'beta ', 'gamma ', 'delta\n', '{"id":', '}', '0123456789'];
  const out = Buffer.alloc(size);
  const noise = randomBytes(size);
  for (let i = 0, w = 0; i < size; w++) {
    const word = words[(noise[w % size] as number) % words.length] as string;
    i += out.write(word, i);
    if ((noise[(w * 7) % size] as number) < 8 && i < size) out[i++] = noise[(w * 13) % size] as number;
  }
  return out;
}

/** Splits into `count` views of varied sizes (views of one buffer: no copies). */
function splitInto(data: Buffer, count: number): Buffer[] {
  const pieces: Buffer[] = [];
  const step = Math.ceil(data.length / count);
  for (let start = 0; start < data.length; start += step) pieces.push(data.subarray(start, start + step));
  return pieces;
}

describe.each(HARDWARE_APIS)('block mode on %s', (api) => {
  const emulated = useEmulatedEngine(api);

  it('reports the device it runs on', () => {
    expect(emulated.engine.hwType).toBe(api === 'hisi_qm_v2' ? 2 : 3);
    expect(emulated.engine.device).toMatch(/^hisi_zip-\d+$/);
    expect(emulated.engine.emulated).toBe(true);
    const stats = emulated.engine.stats();
    expect(stats.compress?.device).toBe(emulated.engine.device);
    expect(stats.decompress?.hwType).toBe(emulated.engine.hwType);
  });

  it('compresses 600 input Buffers in one descriptor (chained SGLs) and decompresses 600 pieces back', async () => {
    const data = mixedData(300 * 1024);
    for (const format of emulated.engine.formats('compress')) {
      const compressed = await emulated.engine.compress(format, splitInto(data, 600));
      expect(nodeDecode(format, compressed).equals(data)).toBe(true);
    }
    for (const format of emulated.engine.formats('decompress')) {
      const compressed = nodeEncode(format, data);
      expect((await emulated.engine.decompress(format, splitInto(compressed, 600))).equals(data)).toBe(true);
    }
  });

  it('splits inputs above the 8 MiB descriptor limit into one chained stream', async () => {
    const data = Buffer.concat([
      Buffer.alloc(5 * 1024 * 1024, 'abcdefgh'),
      randomBytes(4 * 1024 * 1024 + 17),
    ]);
    const compressed = await emulated.engine.compress('gzip', data);
    expect(nodeDecode('gzip', compressed).equals(data)).toBe(true);
    const fromNode = nodeEncode('gzip', data, { level: 1 });
    expect((await emulated.engine.decompress('gzip', fromNode)).equals(data)).toBe(true);
  });

  it('decompresses a stream whose compressed bytes exceed the 8 MiB descriptor limit', async () => {
    const data = randomBytes(9 * 1024 * 1024);
    const format = api === 'hisi_qm_v2' ? 'zlib' : 'deflate-raw';
    const compressed = nodeEncode(format, data, { level: 1 });
    expect(compressed.length).toBeGreaterThan(8 * 1024 * 1024);
    expect((await emulated.engine.decompress(format, compressed)).equals(data)).toBe(true);
    expect(emulated.engine.decompressSync(format, compressed).equals(data)).toBe(true);
  });

  it('returns results that do not pin the worst-case output buffers', async () => {
    const data = Buffer.alloc(2 * 1024 * 1024, 'a');
    const compressed = await emulated.engine.compress('gzip', data);
    expect(compressed.buffer.byteLength).toBeLessThan(1024 * 1024);
    const session = emulated.engine.createCompressSession({ format: 'zlib' });
    const [piece] = await session.write(data, 'sync');
    expect(piece?.buffer.byteLength).toBeLessThan(1024 * 1024);
  });

  it('gives the same bytes through the sync and async APIs', async () => {
    const data = mixedData(100 * 1024);
    for (const format of emulated.engine.formats('compress')) {
      const compressed = emulated.engine.compressSync(format, [data.subarray(0, 1000), data.subarray(1000)]);
      expect(compressed.equals(await emulated.engine.compress(format, data))).toBe(true);
    }
    for (const format of emulated.engine.formats('decompress')) {
      expect(emulated.engine.decompressSync(format, nodeEncode(format, data)).equals(data)).toBe(true);
    }
  });

  it('writes headers that describe the level and window, as node:zlib does', async () => {
    const data = mixedData(10_000);
    for (const level of [1, 6, 9]) {
      const zlibStream = await emulated.engine.compress('zlib', data, { level });
      expect(zlibStream.subarray(0, 2).equals(nodeEncode('zlib', data, { level }).subarray(0, 2))).toBe(true);
      const gzipStream = await emulated.engine.compress('gzip', data, { level });
      expect(gzipStream.subarray(0, 10).equals(nodeEncode('gzip', data, { level }).subarray(0, 10))).toBe(
        true,
      );
    }
    // A 4 KiB hardware window is declared as such (CINFO 4), even when 512 bytes were asked for.
    const small = await emulated.engine.compress('zlib', data, { windowBits: 9 });
    expect(small[0]).toBe(0x48);
    expect(zlib.inflateSync(small).equals(data)).toBe(true);
  });

  it('rejects bad arguments with Node’s codes', async () => {
    const { engine } = emulated;
    expect((await caught(() => engine.compress('lz4' as ZipFormat, Buffer.alloc(1)))).code).toBe(
      'ERR_INVALID_ARG_VALUE',
    );
    expect((await caught(() => engine.compress('gzip', 'text' as unknown as Buffer))).code).toBe(
      'ERR_INVALID_ARG_TYPE',
    );
    expect((await caught(() => engine.compress('gzip', Buffer.alloc(1), { level: 10 }))).code).toBe(
      'ERR_OUT_OF_RANGE',
    );
    expect((await caught(() => engine.compress('zlib', Buffer.alloc(1), { windowBits: 16 }))).code).toBe(
      'ERR_OUT_OF_RANGE',
    );
    expect(
      (await caught(() => engine.decompress('gzip', Buffer.alloc(1), { maxOutputLength: 0 }))).code,
    ).toBe('ERR_OUT_OF_RANGE');
    const error = await caught(() => engine.createCompressSession({ format: 'gzip', level: -2 }));
    expect(error).toBeInstanceOf(UacceArgumentError);
  });

  it('refuses what the device does not serve, and says so in supports()', async () => {
    const served = emulated.engine.supports('deflate-raw', 'decompress');
    expect(served).toBe(api !== 'hisi_qm_v2');
    if (!served) {
      const error = await caught(() => emulated.engine.decompress('deflate-raw', Buffer.alloc(1)));
      expect(error).toBeInstanceOf(UacceArgumentError);
      expect(error.code).toBe('ERR_INVALID_ARG_VALUE');
    }
  });
});

describe('engine lifecycle', () => {
  it('rejects with ERR_UACCE_NO_DEVICE when no device exists', async () => {
    const error = await caught(() =>
      openZipEngine({ transport: 'kernel', sysfsRoot: '/nonexistent-uacce-root' }),
    );
    expect(error).toBeInstanceOf(UacceDeviceError);
    expect(error.code).toBe('ERR_UACCE_NO_DEVICE');
  });

  it('returns its queues on close, idempotently, and refuses work afterwards', async () => {
    const emulated = await startEmulatedEngine('hisi_qm_v3');
    try {
      const device = emulated.engine.device;
      const before = await emulated.emulator.faults.available(device);
      await emulated.engine.close();
      await emulated.engine.close();
      // The emulator frees a queue when its connection closes; poll briefly for that.
      let after = before;
      for (let attempt = 0; attempt < 50 && after <= before; attempt++) {
        after = await emulated.emulator.faults.available(device);
        if (after <= before) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(after).toBeGreaterThan(before);
      expect(emulated.engine.supports('gzip', 'compress')).toBe(false);
      expect((await caught(() => emulated.engine.compress('gzip', Buffer.alloc(1)))).code).toBe(
        'ERR_UACCE_QUEUE_CLOSED',
      );
    } finally {
      await emulated.stop();
    }
  });
});
