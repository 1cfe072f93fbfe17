// SPDX-License-Identifier: Apache-2.0
// Where the demo's hardware path runs: a real device, an emulator the user already runs, or the
// bundled emulator started for the occasion. Never throws: when nothing works it says why.
import { readdirSync } from 'node:fs';
import { startEmulator } from '@uacce/emulator';
import { closeHardware, configureHardware } from '@uacce/stream';

/** Where the demo's hardware path runs, and how to give it back. */
export interface HardwarePlan {
  kind: 'device' | 'emulator' | 'bundled-emulator' | 'none';
  /** One line for the reader: what was found or started, or why there is no hardware path. */
  note: string;
  /** Returns the queues and stops what the demo started; idempotent. */
  release(): Promise<void>;
}

function hasDevice(root: string): boolean {
  try {
    return readdirSync(root).some((name) => name.includes('zip'));
  } catch {
    return false;
  }
}

/** The error as one short line (the emulator's start error lists every path it tried). */
function oneLine(error: unknown): string {
  const text = (error instanceof Error ? error.message : String(error))
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join(' ');
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

/** Finds or starts hardware for the demo. */
export async function prepareHardware(env: NodeJS.ProcessEnv): Promise<HardwarePlan> {
  if (env.UACCE_EMULATOR_SOCKET || env.UACCE_TRANSPORT === 'emulator') {
    return {
      kind: 'emulator',
      note: `using the emulator at ${env.UACCE_EMULATOR_SOCKET}`,
      release: closeHardware,
    };
  }
  if (hasDevice(env.UACCE_SYSFS_ROOT ?? '/sys/class/uacce')) {
    return { kind: 'device', note: 'HiSilicon ZIP accelerator found', release: closeHardware };
  }
  try {
    const emulator = await startEmulator();
    await configureHardware({ env: { ...env, ...emulator.env } });
    let released: Promise<void> | undefined;
    return {
      kind: 'bundled-emulator',
      note: 'no accelerator on this machine: started the bundled emulator to run the hardware path',
      release: () => {
        released ??= closeHardware().then(() => emulator.stop());
        return released;
      },
    };
  } catch (error) {
    return {
      kind: 'none',
      note: `no accelerator, and the bundled emulator cannot run here (${oneLine(error)})`,
      release: async () => {},
    };
  }
}
