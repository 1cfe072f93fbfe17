// SPDX-License-Identifier: Apache-2.0
// Opens a QueuePool on a FakeDevice, with a sysfs tree describing it.
import { openQueuePool, type QueuePool, type QueuePoolOptions } from '../../src/queue-pool';
import { FakeDevice, type FakeDeviceOptions } from './fake-device';
import { createSysfsTree, type SysfsTree, zipAttributes } from './sysfs-tree';

export interface FakePool {
  pool: QueuePool;
  device: FakeDevice;
  tree: SysfsTree;
  dispose(): Promise<void>;
}

export async function openFakePool(
  deviceOptions: FakeDeviceOptions = {},
  poolOptions: Partial<QueuePoolOptions> = {},
): Promise<FakePool> {
  const device = new FakeDevice(deviceOptions);
  const tree = await createSysfsTree();
  await tree.write(
    device.info.name,
    zipAttributes({ api: `${device.info.api}\n`, region_dus_size: `${device.info.regionDusSize}\n` }),
  );
  const pool = await openQueuePool({
    algorithm: 'gzip',
    direction: 0,
    sysfsRoot: tree.root,
    customTransport: device,
    busyPollMicros: 0,
    ...poolOptions,
  });
  return {
    pool,
    device,
    tree,
    async dispose() {
      await pool.close();
      await tree.remove();
    },
  };
}
