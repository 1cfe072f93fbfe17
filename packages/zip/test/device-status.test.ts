// SPDX-License-Identifier: Apache-2.0
// Completion statuses on the emulator (fault injection): retries where the status asks for more
// output, typed errors otherwise, never an ignored status; queue failures surface typed.
import zlib from 'node:zlib';
import { HardwareStatusError, UacceDeviceError, ZlibDataError } from '@uacce/abi';
import { beforeAll, describe, expect, it } from 'vitest';
import { openZipEngine } from '../src/index';
import { HARDWARE_APIS, startEmulatedEngine, useEmulatedEngine } from './support/emulated-engine';
import { caught } from './support/expect-error';

const data = Buffer.from('status test '.repeat(2000));

describe.each(HARDWARE_APIS)('device statuses on %s', (api) => {
  const emulated = useEmulatedEngine(api);
  let device: string;
  beforeAll(() => {
    device = emulated.engine.device;
  });

  it('answers 0x0E on a block compression with a stateful retry, output still valid', async () => {
    await emulated.emulator.faults.failNext(device, 1, 0x0e);
    const compressed = await emulated.engine.compress('gzip', data);
    expect(zlib.gunzipSync(compressed).equals(data)).toBe(true);
  });

  it('answers 0x0E with nothing done in a session with a larger buffer, nothing lost or doubled', async () => {
    const session = emulated.engine.createCompressSession({ format: 'zlib' });
    const first = await session.write(data.subarray(0, 1000), 'sync');
    await emulated.emulator.faults.failNext(device, 2, 0x0e);
    const rest = await session.write(data.subarray(1000), 'finish');
    expect(zlib.inflateSync(Buffer.concat([...first, ...rest])).equals(data)).toBe(true);
    const inflater = emulated.engine.createDecompressSession({ format: 'gzip' });
    await emulated.emulator.faults.failNext(device, 3, 0x0e);
    expect(Buffer.concat(await inflater.write(zlib.gzipSync(data), 'finish')).equals(data)).toBe(true);
  });

  it.each([
    [0x0f, 'ERR_UACCE_HW_STATUS'],
    [0x12, 'ERR_UACCE_HW_STATUS'],
    [0x01, 'ERR_UACCE_HW_STATUS_UNKNOWN'],
    [0xff, 'ERR_UACCE_HW_STATUS_UNKNOWN'],
  ])('raises status 0x%s on compression as %s', async (status, code) => {
    await emulated.emulator.faults.failNext(device, 1, status);
    const error = await caught(() => emulated.engine.compress('zlib', data));
    expect(error).toBeInstanceOf(HardwareStatusError);
    expect(error.code).toBe(code);
    expect((error as HardwareStatusError).status).toBe(status);
  });

  it.each([
    [0x10, 'ERR_UACCE_HW_STATUS'],
    [0x02, 'ERR_UACCE_HW_STATUS_UNKNOWN'],
  ])('raises status 0x%s on decompression as Z_DATA_ERROR caused by %s', async (status, causeCode) => {
    await emulated.emulator.faults.failNext(device, 1, status);
    const error = await caught(() => emulated.engine.decompress('gzip', zlib.gzipSync(data)));
    expect(error).toBeInstanceOf(ZlibDataError);
    expect(error.code).toBe('Z_DATA_ERROR');
    expect(error.cause).toBeInstanceOf(HardwareStatusError);
    expect((error.cause as HardwareStatusError).code).toBe(causeCode);
  });

  it('keeps a session failed after a hardware error (a stream cannot resume mid-way)', async () => {
    const session = emulated.engine.createCompressSession({ format: 'gzip' });
    await emulated.emulator.faults.failNext(device, 1, 0x0f);
    expect((await caught(() => session.write(data, 'sync'))).code).toBe('ERR_UACCE_HW_STATUS');
    expect((await caught(() => session.write(data, 'finish'))).code).toBe('ERR_UACCE_HW_STATUS');
  });
});

describe('queue failures', () => {
  it('times out a stalled device with ERR_UACCE_TIMEOUT, sync and async', async () => {
    const emulated = await startEmulatedEngine('hisi_qm_v3');
    try {
      const engine = await openZipEngine({ env: { ...emulated.emulator.env }, requestTimeoutMs: 300 });
      try {
        await emulated.emulator.faults.stall(engine.device);
        const error = await caught(() => engine.compress('gzip', data));
        expect(error).toBeInstanceOf(UacceDeviceError);
        expect(error.code).toBe('ERR_UACCE_TIMEOUT');
        const syncError = await caught(() => engine.decompressSync('gzip', zlib.gzipSync(data)));
        expect(syncError).toBeInstanceOf(UacceDeviceError);
        expect(['ERR_UACCE_TIMEOUT', 'ERR_UACCE_QUEUE_FULL']).toContain(syncError.code);
      } finally {
        await emulated.emulator.faults.unstall(emulated.engine.device);
        await engine.close();
      }
    } finally {
      await emulated.stop();
    }
  });
});
