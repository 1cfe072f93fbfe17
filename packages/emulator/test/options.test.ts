// SPDX-License-Identifier: Apache-2.0
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UacceArgumentError } from '@uacce/abi';
import { describe, expect, it } from 'vitest';
import { startEmulator } from '../src';
import { resolveOptions } from '../src/options';

describe('options', () => {
  it.each([
    [{ devices: 0 }, 'ERR_OUT_OF_RANGE'],
    [{ devices: 1.5 }, 'ERR_INVALID_ARG_TYPE'],
    [{ queuesPerDevice: 1025 }, 'ERR_OUT_OF_RANGE'],
    [{ numaNode: -2 }, 'ERR_OUT_OF_RANGE'],
    [{ api: 'hisi_qm_v1' }, 'ERR_INVALID_ARG_VALUE'],
    [{ api: [] }, 'ERR_INVALID_ARG_VALUE'],
    [{ dir: 5 }, 'ERR_INVALID_ARG_TYPE'],
  ])('%j is refused with %s', (options, code) => {
    let caught: unknown;
    try {
      resolveOptions(options as never);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UacceArgumentError);
    expect((caught as UacceArgumentError).code).toBe(code);
  });

  it('startEmulator rejects bad options before spawning anything', async () => {
    await expect(startEmulator({ devices: 100 })).rejects.toMatchObject({ code: 'ERR_OUT_OF_RANGE' });
  });

  it('cycles per-device api and NUMA lists over the devices', async () => {
    const emulator = await startEmulator({
      devices: 3,
      api: ['hisi_qm_v2', 'hisi_qm_v3'],
      numaNode: [0, 1, -1],
    });
    try {
      const read = (device: string, name: string) =>
        readFileSync(join(emulator.sysfsRoot, device, name), 'utf8');
      expect(['hisi_zip-0', 'hisi_zip-1', 'hisi_zip-2'].map((device) => read(device, 'api'))).toEqual([
        'hisi_qm_v2\n',
        'hisi_qm_v3\n',
        'hisi_qm_v2\n',
      ]);
      expect(read('hisi_zip-1', 'algorithms')).toBe('zlib\ngzip\ndeflate\n');
      expect(read('hisi_zip-2', 'device/numa_node')).toBe('-1\n');
      expect(emulator.env).toEqual({
        UACCE_TRANSPORT: 'emulator',
        UACCE_EMULATOR_SOCKET: emulator.socketPath,
        UACCE_SYSFS_ROOT: emulator.sysfsRoot,
      });
    } finally {
      await emulator.stop();
      await emulator.stop();
    }
  });
});
