// SPDX-License-Identifier: Apache-2.0
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { currentNumaNode, numaDistances } from '../src/numa';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'qm-system-'));
});
afterEach(() => rm(root, { recursive: true, force: true }));

describe('NUMA node of the caller', () => {
  it('is the node entry of the CPU the process runs on', async () => {
    // Every CPU of this machine is placed on node 3, wherever the process happens to run.
    for (let cpu = 0; cpu < Math.max(availableParallelism(), 256); cpu++) {
      await mkdir(join(root, 'cpu', `cpu${cpu}`, 'node3'), { recursive: true });
    }
    expect(await currentNumaNode(root)).toBe(3);
  });

  it('is unknown when sysfs has no such entry', async () => {
    expect(await currentNumaNode(root)).toBeUndefined();
  });

  it('reads the distance table and tolerates its absence', async () => {
    await mkdir(join(root, 'node', 'node1'), { recursive: true });
    await writeFile(join(root, 'node', 'node1', 'distance'), '20 10 30\n');
    expect(await numaDistances(1, root)).toEqual([20, 10, 30]);
    expect(await numaDistances(0, root)).toBeUndefined();
  });
});
