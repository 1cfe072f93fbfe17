// SPDX-License-Identifier: Apache-2.0
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { discoverDevices } from '../src/discovery';
import { createSysfsTree, type SysfsTree, zipAttributes } from './helpers/sysfs-tree';

let tree: SysfsTree;
beforeEach(async () => {
  tree = await createSysfsTree();
});
afterEach(() => tree.remove());

describe('discoverDevices', () => {
  it('parses every attribute of a device', async () => {
    await tree.write(
      'hisi_zip-0',
      zipAttributes({ api: 'hisi_qm_v3\n', algorithms: 'zlib\ngzip\ndeflate\n' }),
    );
    const { devices, skipped } = await discoverDevices({ sysfsRoot: tree.root, numaNode: 0 });
    expect(skipped).toEqual([]);
    expect(devices).toEqual([
      {
        name: 'hisi_zip-0',
        api: 'hisi_qm_v3',
        hwType: 3,
        flags: 1,
        algorithms: ['zlib', 'gzip', 'deflate'],
        availableInstances: 64,
        regionMmioSize: 8192,
        regionDusSize: 151552,
        isolated: false,
        numaNode: 0,
      },
    ]);
  });

  it('reads the sysfs root from the environment when no option is given', async () => {
    await tree.write('hisi_zip-4', zipAttributes());
    const { devices, sysfsRoot } = await discoverDevices({ env: { UACCE_SYSFS_ROOT: tree.root } });
    expect(sysfsRoot).toBe(tree.root);
    expect(devices.map((device) => device.name)).toEqual(['hisi_zip-4']);
  });

  it('an option wins over the environment', async () => {
    await tree.write('hisi_zip-1', zipAttributes());
    const { devices } = await discoverDevices({
      sysfsRoot: tree.root,
      env: { UACCE_SYSFS_ROOT: '/nonexistent' },
    });
    expect(devices).toHaveLength(1);
  });

  it('a missing root means no devices', async () => {
    const result = await discoverDevices({ sysfsRoot: `${tree.root}/absent` });
    expect(result.devices).toEqual([]);
    expect(result.skipped).toEqual([]);
  });

  it.each([
    ['isolated', { isolate: '1\n' }, 'isolated'],
    ['unsupported api', { api: 'hisi_qm_v1\n' }, 'unsupported api hisi_qm_v1'],
    ['no SVA', { flags: '0\n' }, 'no shared virtual addressing'],
    [
      'malformed available_instances',
      { available_instances: 'many\n' },
      'malformed attribute available_instances',
    ],
    ['malformed api', { api: 'hisi_zip\n' }, 'malformed attribute api'],
    ['missing region size', { region_dus_size: null }, 'missing attribute'],
    ['algorithm not offered', { algorithms: 'zlib\n' }, 'does not offer gzip'],
  ] as const)('skips a device that is %s, with the reason', async (_name, overrides, reason) => {
    await tree.write('hisi_zip-0', zipAttributes(overrides));
    await tree.write('hisi_zip-1', zipAttributes());
    const { devices, skipped } = await discoverDevices({ sysfsRoot: tree.root, algorithm: 'gzip' });
    expect(devices.map((device) => device.name)).toEqual(['hisi_zip-1']);
    expect(skipped).toHaveLength(1);
    expect(skipped[0]?.name).toBe('hisi_zip-0');
    expect(skipped[0]?.reason.startsWith(reason)).toBe(true);
  });

  it('matches algorithms only as whole lines', async () => {
    await tree.write('hisi_zip-0', zipAttributes({ algorithms: 'zlib_x\ngzip2\n' }));
    const { devices } = await discoverDevices({ sysfsRoot: tree.root, algorithm: 'zlib' });
    expect(devices).toEqual([]);
  });

  it('tolerates absent isolate and numa_node (older kernels)', async () => {
    await tree.write('hisi_zip-0', zipAttributes({ isolate: null, 'device/numa_node': null }));
    const { devices } = await discoverDevices({ sysfsRoot: tree.root });
    expect(devices[0]).toMatchObject({ isolated: false, numaNode: -1 });
  });

  it('prefers the caller’s NUMA node, then the device with more free queues', async () => {
    await tree.write('hisi_zip-0', zipAttributes({ 'device/numa_node': '1\n', available_instances: '64\n' }));
    await tree.write('hisi_zip-2', zipAttributes({ 'device/numa_node': '0\n', available_instances: '3\n' }));
    await tree.write('hisi_zip-10', zipAttributes({ 'device/numa_node': '0\n', available_instances: '9\n' }));
    const onNode0 = await discoverDevices({ sysfsRoot: tree.root, numaNode: 0 });
    expect(onNode0.devices.map((device) => device.name)).toEqual(['hisi_zip-10', 'hisi_zip-2', 'hisi_zip-0']);
    const onNode1 = await discoverDevices({ sysfsRoot: tree.root, numaNode: 1 });
    expect(onNode1.devices[0]?.name).toBe('hisi_zip-0');
  });

  it('works out the current NUMA node itself when not told', async () => {
    await tree.write('hisi_zip-0', zipAttributes());
    const result = await discoverDevices({ sysfsRoot: tree.root });
    expect(result.numaNode === undefined || Number.isInteger(result.numaNode)).toBe(true);
    expect(result.devices).toHaveLength(1);
  });
});
