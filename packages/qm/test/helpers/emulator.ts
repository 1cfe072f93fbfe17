// SPDX-License-Identifier: Apache-2.0
// The emulator for end-to-end tests (runs from packages/emulator/dist: build it first).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type RunningEmulator, startEmulator } from '@uacce/emulator';

export const DEVICE = 'hisi_zip-0';

export type { RunningEmulator };

export function launchEmulator(options: Parameters<typeof startEmulator>[0] = {}): Promise<RunningEmulator> {
  return startEmulator({ queuesPerDevice: 16, ...options });
}

/** The device's `available_instances` as sysfs shows it. */
export async function availableInstances(emulator: RunningEmulator, device = DEVICE): Promise<number> {
  return Number((await readFile(join(emulator.sysfsRoot, device, 'available_instances'), 'utf8')).trim());
}

/** Polls `predicate` (every 10 ms, up to `limitMs`); throws when it never holds. */
export async function until(predicate: () => boolean | Promise<boolean>, limitMs = 10_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!(await predicate())) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
