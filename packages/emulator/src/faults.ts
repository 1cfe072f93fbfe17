// SPDX-License-Identifier: Apache-2.0
// The fault-injection handle returned by startEmulator(): every fault the issue lists, plus the
// queries tests need. All methods reject with UacceDeviceError ERR_UACCE_TRANSPORT if the
// emulator refuses the request (unknown device) or is gone.
import type { ControlClient } from './control-client';

/** A queue as the emulator sees it. */
export interface QueueInfo {
  id: number;
  state: 'init' | 'started' | 'zombie';
  qcType: number;
  sqHead: number;
  sqTail: number;
  completed: number;
  disabled: boolean;
  stalled: boolean;
  /** A descriptor is waiting out an injected slow-down. */
  busy: boolean;
  /** The last doorbell register value the device read, as hex (`0x0` before the first). */
  doorbell: string;
  /** SQ doorbells another store hid from the device, recovered from the SQ ring (README "Doorbells"). */
  recoveredSqDoorbells: number;
  /** Owner process. */
  pid: number;
}

export interface DeviceInfo {
  name: string;
  api: string;
  queues: number;
  available: number;
  health: 'normal' | 'reset' | 'removed';
  isolated: boolean;
}

export interface EmulatorFaults {
  /** The next `count` descriptors on `device` complete with `status` (nothing consumed or produced). */
  failNext(device: string, count: number, status: number): Promise<void>;
  /** Queues of `device` (or only `queue`) accept SQEs but complete none until unstalled. */
  stall(device: string, queue?: number): Promise<void>;
  unstall(device: string, queue?: number): Promise<void>;
  /** Reset: status words set on every queue, queues stopped, open/START fail EPERM until recover. */
  reset(device: string): Promise<void>;
  recover(device: string): Promise<void>;
  /** Sets the `isolate` attribute (advisory, as in the kernel). */
  isolate(device: string, isolated?: boolean): Promise<void>;
  /** Removal: clients get {"ev":"removed"}, mappings are zapped, sysfs directory removed. */
  remove(device: string): Promise<void>;
  /**
   * Every descriptor on `device` waits `delayMs` before it completes, one at a time; a descriptor
   * already waiting waits the new delay from when it started (0 restores full speed at once).
   */
  slow(device: string, delayMs: number): Promise<void>;
  /** The output of the next `count` descriptors on `device` is corrupted. */
  corrupt(device: string, count: number): Promise<void>;
  /** Kills the device process (SIGKILL) and resolves when it has exited. */
  kill(): Promise<void>;
  queues(device: string): Promise<QueueInfo[]>;
  available(device: string): Promise<number>;
  devices(): Promise<DeviceInfo[]>;
}

/** Builds the handle over a control connection; `killProcess` ends the emulator process. */
export function createFaults(control: ControlClient, killProcess: () => Promise<void>): EmulatorFaults {
  const send = async (op: string, fields: Record<string, unknown>) => {
    await control.request(op, fields);
  };
  return {
    failNext: (device, count, status) => send('failNext', { device, count, status }),
    stall: (device, queue) => send('stall', { device, queue, stalled: true }),
    unstall: (device, queue) => send('stall', { device, queue, stalled: false }),
    reset: (device) => send('reset', { device }),
    recover: (device) => send('recover', { device }),
    isolate: (device, isolated = true) => send('isolate', { device, isolated }),
    remove: (device) => send('remove', { device }),
    slow: (device, delayMs) => send('slow', { device, delayMs }),
    corrupt: (device, count) => send('corrupt', { device, count }),
    kill: killProcess,
    queues: async (device) => (await control.request('queues', { device })).queues as QueueInfo[],
    available: async (device) => (await control.request('available', { device })).available as number,
    devices: async () => (await control.request('devices')).devices as DeviceInfo[],
  };
}
