// SPDX-License-Identifier: Apache-2.0
// The emulator and this package's hardware configuration for a describe block: started in its
// beforeAll (the process's engine then runs on the emulated device), stopped in its afterAll.
import { type RunningEmulator, startEmulator } from '@uacce/emulator';
import { afterAll, beforeAll } from 'vitest';
import { closeHardware, configureHardware } from '../../src/index';

/** Starts an emulator with one device of `api` for the enclosing describe block; returns it once started. */
export function useEmulatedHardware(api: 'hisi_qm_v2' | 'hisi_qm_v3' = 'hisi_qm_v3'): () => RunningEmulator {
  let emulator: RunningEmulator | undefined;
  beforeAll(async () => {
    emulator = await startEmulator({ api, devices: 1 });
    await configureHardware({ env: { ...emulator.env }, maxQueues: 2 });
  });
  afterAll(async () => {
    await closeHardware();
    await emulator?.stop();
  });
  return () => {
    if (!emulator) throw new Error('the emulator is started in beforeAll');
    return emulator;
  };
}
