// SPDX-License-Identifier: Apache-2.0
// The kernel transport's real system calls, on files that are not uacce devices: the failures
// come back as the kernel reports them, wrapped with the bring-up step that failed.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UacceSystemError } from '@uacce/abi';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openQueuePool } from '../src/queue-pool';
import { createSysfsTree, type SysfsTree, zipAttributes } from './helpers/sysfs-tree';

let tree: SysfsTree;
let devRoot: string;
beforeEach(async () => {
  tree = await createSysfsTree();
  devRoot = await mkdtemp(join(tmpdir(), 'qm-dev-'));
  await tree.write('hisi_zip-0', zipAttributes());
});
afterEach(async () => {
  await tree.remove();
  await rm(devRoot, { recursive: true, force: true });
});

async function setupError(): Promise<{ step?: string; code?: string; cause?: unknown }> {
  return openQueuePool({
    algorithm: 'gzip',
    direction: 0,
    transport: 'kernel',
    sysfsRoot: tree.root,
    devRoot,
  }).then(
    () => ({}),
    (error) => error,
  );
}

describe('kernel transport', () => {
  it('a missing device node fails at step open with ENOENT and its path', async () => {
    const error = await setupError();
    expect(error).toMatchObject({ code: 'ERR_UACCE_QUEUE_SETUP', step: 'open' });
    expect(error.cause).toBeInstanceOf(UacceSystemError);
    expect(error.cause).toMatchObject({
      errnoCode: 'ENOENT',
      syscall: 'open',
      path: join(devRoot, 'hisi_zip-0'),
    });
  });

  it('a file that is not a uacce device fails at SET_QP_CTX with ENOTTY', async () => {
    await writeFile(join(devRoot, 'hisi_zip-0'), Buffer.alloc(16));
    const error = await setupError();
    expect(error).toMatchObject({ code: 'ERR_UACCE_QUEUE_SETUP', step: 'SET_QP_CTX' });
    expect(error.cause).toMatchObject({ errnoCode: 'ENOTTY', syscall: 'ioctl' });
  });
});
