// SPDX-License-Identifier: Apache-2.0
// Queues go back to the device: available_instances returns to where it started after close,
// after errors, after the garbage collector finds a pool nobody closed, and after an idle spell
// of an open pool (idleTimeoutMs), which opens a queue again for its next request.

import { inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openQueuePool, type QueuePoolOptions } from '../src/queue-pool';
import { deflateJob, jobResult } from './helpers/deflate-sqe';
import { availableInstances, DEVICE, launchEmulator, type RunningEmulator, until } from './helpers/emulator';

let emulator: RunningEmulator;
let start: number;
beforeAll(async () => {
  emulator = await launchEmulator({ queuesPerDevice: 16 });
  start = await availableInstances(emulator);
});
afterAll(() => emulator?.stop());

const PLAIN = Buffer.from('queues come back '.repeat(64));

async function busyPool(maxQueues: number, options: Partial<QueuePoolOptions> = {}) {
  const pool = await openQueuePool({
    algorithm: 'deflate',
    direction: 0,
    env: emulator.env,
    maxQueues,
    growThreshold: 1,
    backoffMs: 1,
    ...options,
  });
  const jobs = Array.from({ length: 400 }, (_, tag) => deflateJob(pool.hwType, PLAIN, 4096, tag));
  await Promise.all(jobs.map((job) => pool.submit({ sqe: job.sqe, keepAlive: job.keepAlive })));
  await until(() => pool.stats().opening === 0);
  return pool;
}

describe('queue accounting', () => {
  it('starts with every queue free', () => {
    expect(start).toBe(16);
  });

  it('takes queues while open and returns them all on close (twice is fine)', async () => {
    const pool = await busyPool(4);
    try {
      expect(pool.stats().queuesOpened).toBeGreaterThan(1);
      expect(await availableInstances(emulator)).toBe(start - pool.stats().queues);
    } finally {
      await pool.close();
      await pool.close();
    }
    await until(async () => (await availableInstances(emulator)) === start);
  });

  it('returns the queues of failed requests and of the pool after errors', async () => {
    const pool = await busyPool(2);
    await emulator.faults.stall(DEVICE);
    const job = deflateJob(pool.hwType, PLAIN, 4096, 1);
    await expect(
      pool.submit({ sqe: job.sqe, keepAlive: job.keepAlive, timeoutMs: 50 }),
    ).rejects.toMatchObject({
      code: 'ERR_UACCE_TIMEOUT',
    });
    expect(pool.stats().queueFailures).toBe(1);
    // The stalled queue went back to the device while the pool stays open: only the queues
    // still in service are taken.
    await until(
      async () =>
        pool.stats().opening === 0 && (await availableInstances(emulator)) === start - pool.stats().queues,
    );
    await emulator.faults.unstall(DEVICE);
    await pool.close();
    await until(async () => (await availableInstances(emulator)) === start);
  });

  it('returns the queues of a pool that was dropped without close (FinalizationRegistry)', async () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    expect(gc).toBeTypeOf('function');
    await (async () => {
      await busyPool(3);
    })();
    expect(await availableInstances(emulator)).toBeLessThan(start);
    await until(async () => {
      gc?.();
      return (await availableInstances(emulator)) === start;
    });
  });

  it('an open fails over to the next free queue and reports ERR_UACCE_NO_DEVICE when none is left', async () => {
    const pools = [];
    for (let index = 0; index < start; index++) {
      pools.push(
        await openQueuePool({ algorithm: 'deflate', direction: 0, env: emulator.env, maxQueues: 1 }),
      );
    }
    expect(await availableInstances(emulator)).toBe(0);
    await expect(
      openQueuePool({ algorithm: 'deflate', direction: 0, env: emulator.env }),
    ).rejects.toMatchObject({
      code: 'ERR_UACCE_NO_DEVICE',
    });
    await Promise.all(pools.map((pool) => pool.close()));
    await until(async () => (await availableInstances(emulator)) === start);
  });
});

describe('idle queues go back to the device', () => {
  async function deflateOnce(pool: Awaited<ReturnType<typeof openQueuePool>>, tag: number) {
    const job = deflateJob(pool.hwType, PLAIN, 4096, tag);
    const { status, output } = jobResult(job, await pool.submit({ sqe: job.sqe, keepAlive: job.keepAlive }));
    expect(status).toBe(0);
    expect(inflateRawSync(output).equals(PLAIN)).toBe(true);
  }

  it('available_instances: all free before, taken during work, all free again after idleTimeoutMs', async () => {
    expect(await availableInstances(emulator)).toBe(start);
    // growThreshold 8: the burst of 400 opens more queues, a single request later does not.
    const pool = await busyPool(4, { idleTimeoutMs: 1000, growThreshold: 8 });
    try {
      const held = pool.stats().queues;
      expect(held).toBeGreaterThan(1);
      expect(await availableInstances(emulator)).toBe(start - held);
      // No minQueues: once idle the open pool holds nothing of the device.
      await until(async () => pool.stats().queues === 0 && (await availableInstances(emulator)) === start);
      expect(pool.stats().queuesClosed).toBe(pool.stats().queuesOpened);
      // The next request opens a queue again and is served by it.
      await deflateOnce(pool, 1);
      expect(pool.stats()).toMatchObject({ queues: 1, opening: 0 });
      expect(await availableInstances(emulator)).toBe(start - 1);
    } finally {
      await pool.close();
    }
    await until(async () => (await availableInstances(emulator)) === start);
  });

  it('minQueues keeps warm queues of an idle pool; the rest go back', async () => {
    const pool = await busyPool(4, { idleTimeoutMs: 100, minQueues: 1, growThreshold: 8 });
    try {
      expect(pool.stats().queues).toBeGreaterThan(1);
      await until(
        async () => pool.stats().queues === 1 && (await availableInstances(emulator)) === start - 1,
      );
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await availableInstances(emulator)).toBe(start - 1);
      await deflateOnce(pool, 2);
      expect(pool.stats()).toMatchObject({ queues: 1, opening: 0 });
    } finally {
      await pool.close();
    }
    await until(async () => (await availableInstances(emulator)) === start);
  });
});
