// SPDX-License-Identifier: Apache-2.0
// The queue engine's descriptors per second against a device that completes at once (see
// instant-device.ts): 'batch' submits `batch` SQEs with one doorbell and awaits them all (the
// async path zip uses for streams); 'sync' submits and busy-polls one SQE at a time.
import { SkipError } from '../contenders/types';
import { importPackage } from '../import-package';
import type { QueueTask, TaskResult } from '../tasks';
import { repeat } from './timing';

interface Pool {
  submitBatch(requests: readonly { sqe: Uint8Array }[]): Promise<Uint8Array>[];
  submitSync(request: { sqe: Uint8Array }): Uint8Array;
  close(): Promise<void>;
}

type OpenPool = (options: object) => Promise<Pool>;

async function loadOpenQueuePool(): Promise<OpenPool> {
  try {
    const module = (await importPackage('@uacce/qm')) as { openQueuePool?: OpenPool };
    if (typeof module.openQueuePool !== 'function')
      throw new SkipError('@uacce/qm does not export openQueuePool');
    return module.openQueuePool;
  } catch (error) {
    if (error instanceof SkipError) throw error;
    throw new SkipError(`@uacce/qm does not load (${(error as Error).message.split('\n')[0]})`);
  }
}

async function runBatches(pool: Pool, task: QueueTask, requests: { sqe: Uint8Array }[]): Promise<void> {
  for (let done = 0; done < task.descriptors; done += task.batch)
    await Promise.all(pool.submitBatch(requests));
}

function runSync(pool: Pool, task: QueueTask, request: { sqe: Uint8Array }): void {
  for (let done = 0; done < task.descriptors; done++) pool.submitSync(request);
}

/** Runs a queue task: opens a qm pool on the instant device and times `descriptors` completions. */
export async function runQueue(task: QueueTask): Promise<TaskResult> {
  const openQueuePool = await loadOpenQueuePool();
  const { createInstantDevice } = await import('./instant-device');
  const device = await createInstantDevice();
  try {
    const pool = await openQueuePool({
      algorithm: 'gzip',
      direction: 0,
      sysfsRoot: device.sysfsRoot,
      customTransport: device.transport,
      maxQueues: 1,
      requestTimeoutMs: 0,
      idleTimeoutMs: 0,
    });
    try {
      const sqe = new Uint8Array(128);
      const requests = Array.from({ length: task.batch }, () => ({ sqe }));
      const timesNs = await repeat(task, () =>
        task.mode === 'batch' ? runBatches(pool, task, requests) : runSync(pool, task, { sqe }),
      );
      const descriptors =
        task.mode === 'batch' ? Math.ceil(task.descriptors / task.batch) * task.batch : task.descriptors;
      return {
        status: 'ok',
        timesNs,
        bytesPerRep: descriptors * 128,
        unitsPerRep: descriptors,
        outputBytes: 0,
      };
    } finally {
      await pool.close();
    }
  } finally {
    await device.remove();
  }
}
