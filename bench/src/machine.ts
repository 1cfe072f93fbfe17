// SPDX-License-Identifier: Apache-2.0
// The machine a run happened on, recorded next to its figures (ratios travel; absolute MB/s do not).
import os from 'node:os';
import { versions } from 'node:process';

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGiB: number;
  platform: string;
  arch: string;
  kernel: string;
  node: string;
  zlib: string;
  /** 1, 5 and 15 minute load averages when the run ended: above the core count, figures are noisy. */
  loadAverage: number[];
}

export function describeMachine(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 1024 ** 3),
    platform: os.platform(),
    arch: os.arch(),
    kernel: os.release(),
    node: versions.node,
    zlib: versions.zlib ?? 'unknown',
    loadAverage: os.loadavg().map((value) => Math.round(value * 100) / 100),
  };
}
