// SPDX-License-Identifier: Apache-2.0
// The caller's NUMA node and the distance table, for device preference (spec §1.7: UADK picks
// the device with the smallest numa_distance from the current CPU's node). Every file here may
// be absent (containers, non-NUMA kernels); absence means "unknown", never an error.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

const SYSTEM_ROOT = '/sys/devices/system';

/**
 * The NUMA node of the CPU this process last ran on (field 39 of /proc/self/stat, then the
 * `node<N>` entry of /sys/devices/system/cpu/cpu<C>/), or undefined when unknown.
 */
export async function currentNumaNode(systemRoot = SYSTEM_ROOT): Promise<number | undefined> {
  const cpu = await currentCpu();
  if (cpu === undefined) return undefined;
  try {
    const entries = await readdir(join(systemRoot, 'cpu', `cpu${cpu}`));
    for (const entry of entries) {
      const match = /^node([0-9]+)$/.exec(entry);
      if (match) return Number(match[1]);
    }
  } catch {
    // No sysfs view of the CPU: unknown.
  }
  return undefined;
}

async function currentCpu(): Promise<number | undefined> {
  try {
    const stat = await readFile('/proc/self/stat', 'utf8');
    // The command name (field 2) may hold spaces and parentheses; fields restart after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpu = Number(fields[39 - 3]);
    return Number.isInteger(cpu) && cpu >= 0 ? cpu : undefined;
  } catch {
    return undefined;
  }
}

/** The distances from `node` to every node (index = node), or undefined when unknown. */
export async function numaDistances(node: number, systemRoot = SYSTEM_ROOT): Promise<number[] | undefined> {
  try {
    const text = await readFile(join(systemRoot, 'node', `node${node}`, 'distance'), 'utf8');
    const distances = text.trim().split(/\s+/).map(Number);
    return distances.every(Number.isInteger) ? distances : undefined;
  } catch {
    return undefined;
  }
}
