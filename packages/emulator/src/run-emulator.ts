// SPDX-License-Identifier: Apache-2.0
// Starts an emulator in this process (what the `uacce-emulator` command runs).
import { loadEmulatorBinding } from '@uacce/native/emulator';
import { Emulator } from './emulator';
import { type EmulatorOptions, resolveOptions } from './options';

/** The environment a client needs to reach the emulator (docs/contracts.md). */
export interface EmulatorEnv {
  UACCE_TRANSPORT: 'emulator';
  UACCE_EMULATOR_SOCKET: string;
  UACCE_SYSFS_ROOT: string;
}

/** What the process prints when it is ready. */
export interface ReadyReport {
  dir: string;
  sysfsRoot: string;
  socketPath: string;
  controlPath: string;
  pid: number;
  env: EmulatorEnv;
}

/** Creates the directory, devices and sockets, and starts serving. */
export async function runEmulator(
  options: EmulatorOptions,
): Promise<{ emulator: Emulator; ready: ReadyReport }> {
  const emulator = new Emulator(loadEmulatorBinding(), resolveOptions(options));
  await emulator.listen();
  const { dir, sysfsRoot, socketPath, controlPath } = emulator.layout;
  return {
    emulator,
    ready: {
      dir,
      sysfsRoot,
      socketPath,
      controlPath,
      pid: process.pid,
      env: { UACCE_TRANSPORT: 'emulator', UACCE_EMULATOR_SOCKET: socketPath, UACCE_SYSFS_ROOT: sysfsRoot },
    },
  };
}
