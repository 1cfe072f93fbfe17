// SPDX-License-Identifier: Apache-2.0
// An emulator per hardware version, and an engine on it, for the end-to-end tests.
import { type RunningEmulator, startEmulator } from '@uacce/emulator';
import { afterAll, beforeAll } from 'vitest';
import { openZipEngine, type ZipEngine } from '../../src/index';

export type HardwareApi = 'hisi_qm_v2' | 'hisi_qm_v3';
export const HARDWARE_APIS: readonly HardwareApi[] = ['hisi_qm_v2', 'hisi_qm_v3'];

export interface EmulatedEngine {
  emulator: RunningEmulator;
  engine: ZipEngine;
  stop(): Promise<void>;
}

/** Starts an emulator with one device of `api` and opens an engine on it. */
export async function startEmulatedEngine(api: HardwareApi): Promise<EmulatedEngine> {
  const emulator = await startEmulator({ api, devices: 1 });
  try {
    // One warm queue per direction: the sync tests must find a queue open whatever ran before
    // them (an idle engine otherwise returns its queues after idleTimeoutMs, and a sync call
    // then throws ERR_UACCE_QUEUE_FULL while one is reopened).
    const engine = await openZipEngine({ env: { ...emulator.env }, maxQueues: 2, minQueues: 1 });
    return {
      emulator,
      engine,
      async stop() {
        await engine.close();
        await emulator.stop();
      },
    };
  } catch (error) {
    await emulator.stop();
    throw error;
  }
}

/**
 * The emulated engine of the enclosing describe block: started in its beforeAll, stopped in its
 * afterAll. The returned object reads through to the running one, so tests use it directly.
 */
export function useEmulatedEngine(api: HardwareApi): EmulatedEngine {
  let running: EmulatedEngine | undefined;
  beforeAll(async () => {
    running = await startEmulatedEngine(api);
  });
  afterAll(async () => {
    await running?.stop();
  });
  const started = (): EmulatedEngine => {
    if (running === undefined) throw new Error(`the ${api} engine is used outside its describe block`);
    return running;
  };
  return {
    get emulator() {
      return started().emulator;
    },
    get engine() {
      return started().engine;
    },
    stop: () => started().stop(),
  };
}
