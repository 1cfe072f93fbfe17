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
  /** Device api; default 'hisi_qm_v3'. */
  api?: DeviceApi;
  /** Queues per device (pf_q_num); default 64, 1..1024. */
  queuesPerDevice?: number;
  /** NUMA node shown in device/numa_node; default 0 (-1 allowed: unknown). */
  numaNode?: number;
}

export type ResolvedOptions = Required<Omit<EmulatorOptions, 'dir'>> & { dir: string | undefined };

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
  const api = options.api ?? 'hisi_qm_v3';
  if (api !== 'hisi_qm_v2' && api !== 'hisi_qm_v3') {
    throw new UacceArgumentError(
      'ERR_INVALID_ARG_VALUE',
      `api must be hisi_qm_v2 or hisi_qm_v3, got ${String(api)}`,
    );
  }
  if (options.dir !== undefined && typeof options.dir !== 'string') {
    throw new UacceArgumentError('ERR_INVALID_ARG_TYPE', 'dir must be a string');
  }
  return {
    dir: options.dir,
    devices: integer('devices', options.devices, 1, 1, 64),
    api,
    // The v2 doorbell's queue field is 10 bits in UADK (spec §7): at most 1024 queues.
    queuesPerDevice: integer('queuesPerDevice', options.queuesPerDevice, DEFAULT_QUEUES_PER_DEVICE, 1, 1024),
    numaNode: integer('numaNode', options.numaNode, 0, -1, 1023),
  };
}
