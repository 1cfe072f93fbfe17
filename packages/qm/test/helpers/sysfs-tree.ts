// SPDX-License-Identifier: Apache-2.0
// Writes a sysfs-like tree (spec §1.2 formats) into a temporary directory.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type AttributeText = Partial<
  Record<
    | 'api'
    | 'flags'
    | 'available_instances'
    | 'algorithms'
    | 'region_mmio_size'
    | 'region_dus_size'
    | 'isolate'
    | 'device/numa_node',
    string | null
  >
>;

/** A v2 ZIP device's attributes; `null` in overrides removes an attribute. */
export function zipAttributes(overrides: AttributeText = {}): AttributeText {
  return {
    api: 'hisi_qm_v2\n',
    flags: '1\n',
    available_instances: '64\n',
    algorithms: 'zlib\ngzip\n',
    region_mmio_size: '8192\n',
    region_dus_size: '151552\n',
    isolate: '0\n',
    'device/numa_node': '0\n',
    ...overrides,
  };
}

export interface SysfsTree {
  root: string;
  write(device: string, attributes: AttributeText): Promise<void>;
  remove(): Promise<void>;
}

export async function createSysfsTree(): Promise<SysfsTree> {
  const root = await mkdtemp(join(tmpdir(), 'qm-sysfs-'));
  return {
    root,
    async write(device, attributes) {
      await mkdir(join(root, device, 'device'), { recursive: true });
      for (const [name, text] of Object.entries(attributes)) {
        if (text === null || text === undefined) await rm(join(root, device, name), { force: true });
        else await writeFile(join(root, device, name), text);
      }
    },
    remove: () => rm(root, { recursive: true, force: true }),
  };
}
