// SPDX-License-Identifier: Apache-2.0
// Options of the emulator process and of startEmulator(), validated once.
import { UacceArgumentError } from '@uacce/abi';
import { DEFAULT_QUEUES_PER_DEVICE } from './constants';
import type { DeviceApi } from './device';

export interface EmulatorOptions {
  /** Directory to create everything in; default: a new temporary directory. */
  dir?: string;
  /** Number of devices (hisi_zip-0 …); default 1. */
  devices?: number;
  /** Device api, or one per device (cycled); default 'hisi_qm_v3'. */
  api?: DeviceApi | readonly DeviceApi[];
  /** Queues per device (pf_q_num); default 64, 1..1024. */
  queuesPerDevice?: number;
  /** NUMA node in device/numa_node, or one per device (cycled); default 0 (-1: unknown). */
  numaNode?: number | readonly number[];
}

export interface ResolvedOptions {
  dir: string | undefined;
  devices: number;
  /** One entry per device. */
  apis: DeviceApi[];
  queuesPerDevice: number;
  /** One entry per device. */
  numaNodes: number[];
}

function perDevice<T>(value: T | readonly T[] | undefined, fallback: T, devices: number): T[] {
  const list =
    value === undefined ? [fallback] : Array.isArray(value) ? (value as readonly T[]) : [value as T];
  if (list.length === 0)
    throw new UacceArgumentError('ERR_INVALID_ARG_VALUE', 'a per-device list must not be empty');
  return Array.from({ length: devices }, (_, index) => list[index % list.length]!);
}

function integer(name: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new UacceArgumentError('ERR_INVALID_ARG_TYPE', `${name} must be an integer`);
  }
  if (value < min || value > max) {
    throw new UacceArgumentError('ERR_OUT_OF_RANGE', `${name} must be in ${min}..${max}, got ${value}`);
  }
  return value;
}

/** Validates options; throws UacceArgumentError (ERR_INVALID_ARG_TYPE, ERR_OUT_OF_RANGE, ERR_INVALID_ARG_VALUE). */
export function resolveOptions(options: EmulatorOptions = {}): ResolvedOptions {
  if (options.dir !== undefined && typeof options.dir !== 'string') {
    throw new UacceArgumentError('ERR_INVALID_ARG_TYPE', 'dir must be a string');
  }
  const devices = integer('devices', options.devices, 1, 1, 64);
  const apis = perDevice<DeviceApi>(options.api, 'hisi_qm_v3', devices);
  for (const api of apis) {
    if (api !== 'hisi_qm_v2' && api !== 'hisi_qm_v3') {
      throw new UacceArgumentError(
        'ERR_INVALID_ARG_VALUE',
        `api must be hisi_qm_v2 or hisi_qm_v3, got ${String(api)}`,
      );
    }
  }
  return {
    dir: options.dir,
    devices,
    apis,
    // The v2 doorbell's queue field is 10 bits in UADK (spec §7): at most 1024 queues.
    queuesPerDevice: integer('queuesPerDevice', options.queuesPerDevice, DEFAULT_QUEUES_PER_DEVICE, 1, 1024),
    numaNodes: perDevice(options.numaNode, 0, devices).map((node) => integer('numaNode', node, 0, -1, 1023)),
  };
}
