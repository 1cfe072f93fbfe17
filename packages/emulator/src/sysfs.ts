// SPDX-License-Identifier: Apache-2.0
// The sysfs-like tree `D/sys/class/uacce/<name>/` with every attribute of spec §1.2 (text ending
// in one "\n"). Attributes that change are rewritten atomically (write a temporary file, rename),
// so a reader never sees a partial value.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface DeviceAttributes {
  api: string;
  flags: number;
  availableInstances: number;
  algorithms: readonly string[];
  regionMmioSize: number;
  regionDusSize: number;
  isolate: boolean;
  isolateStrategy: number;
  numaNode: number;
}

/** Writes one attribute atomically. */
export function writeAttribute(deviceDir: string, name: string, text: string): void {
  const path = join(deviceDir, name);
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text, { mode: 0o644 });
  renameSync(temporary, path);
}

/** Creates a device directory with all its attributes. */
export function writeDeviceTree(deviceDir: string, attributes: DeviceAttributes): void {
  mkdirSync(join(deviceDir, 'device'), { recursive: true });
  writeAttribute(deviceDir, 'api', `${attributes.api}\n`);
  writeAttribute(deviceDir, 'flags', `${attributes.flags}\n`);
  writeAttribute(deviceDir, 'available_instances', `${attributes.availableInstances}\n`);
  writeAttribute(deviceDir, 'algorithms', `${attributes.algorithms.join('\n')}\n`);
  writeAttribute(deviceDir, 'region_mmio_size', `${attributes.regionMmioSize}\n`);
  writeAttribute(deviceDir, 'region_dus_size', `${attributes.regionDusSize}\n`);
  writeAttribute(deviceDir, 'isolate', attributes.isolate ? '1\n' : '0\n');
  writeAttribute(deviceDir, 'isolate_strategy', `${attributes.isolateStrategy}\n`);
  writeAttribute(join(deviceDir, 'device'), 'numa_node', `${attributes.numaNode}\n`);
}

/** Removes a device directory (device removal). */
export function removeDeviceTree(deviceDir: string): void {
  rmSync(deviceDir, { recursive: true, force: true });
}
