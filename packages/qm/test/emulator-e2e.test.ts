// SPDX-License-Identifier: Apache-2.0
// Real descriptors through the emulator: stateless raw-deflate compression and decompression,
// checked with node:zlib. qm does not interpret the SQEs; the tag tells the results apart.
import { randomBytes } from 'node:crypto';
import { deflateRawSync, inflateRawSync, inflateSync } from 'node:zlib';
import { ZIP_REQUEST_TYPE } from '@uacce/abi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openQueuePool } from '../src/queue-pool';
import { deflateJob, jobResult } from './helpers/deflate-sqe';
import { launchEmulator, type RunningEmulator } from './helpers/emulator';

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await launchEmulator();
});
afterAll(() => emulator?.stop());

function sample(index: number): Buffer {
  return Buffer.from(`record ${index}: ${'abcdefgh'.repeat(1 + (index % 13))} ${index * 7919}\n`.repeat(3));
}

describe('through the emulator', () => {
  it('completes thousands of requests, wrapping the rings many times', async () => {
    const pool = await openQueuePool({
      algorithm: 'deflate',
      direction: 0,
      env: emulator.env,
      maxQueues: 1,
      maxWaiting: 10_000,
    });
    try {
      const total = 6000;
      const jobs = Array.from({ length: total }, (_, index) =>
        deflateJob(pool.hwType, sample(index), 4096, index),
      );
      const results = await Promise.all(
        jobs.map((job) =>
          pool.submit({ sqe: job.sqe, keepAlive: job.keepAlive }).then((done) => jobResult(job, done)),
        ),
      );
      results.forEach((result, index) => {
        expect(result.status).toBe(0);
        expect(result.tag).toBe(index);
        expect(inflateRawSync(result.output).equals(sample(index))).toBe(true);
      });
      // 6000 descriptors on one 1024-deep ring: the SQ and CQ wrapped five times.
      expect(pool.stats()).toMatchObject({ submitted: total, completed: total, queues: 1, queueFailures: 0 });
    } finally {
      await pool.close();
    }
  });

  it('rings one doorbell for a batch', async () => {
    const pool = await openQueuePool({
      algorithm: 'deflate',
      direction: 0,
      env: emulator.env,
      busyPollMicros: 0,
    });
    try {
      const before = pool.stats().doorbells;
      const jobs = Array.from({ length: 200 }, (_, index) =>
        deflateJob(pool.hwType, sample(index), 4096, index),
      );
      const done = await Promise.all(
        pool.submitBatch(jobs.map((job) => ({ sqe: job.sqe, keepAlive: job.keepAlive }))),
      );
      expect(pool.stats().doorbells - before).toBe(1);
      done.forEach((sqe, index) => {
        expect(inflateRawSync(jobResult(jobs[index]!, sqe).output).equals(sample(index))).toBe(true);
      });
    } finally {
      await pool.close();
    }
  });

  it('serves thousands of concurrent async users on a bounded set of queues, the excess waiting', async () => {
    const pool = await openQueuePool({
      algorithm: 'deflate',
      direction: 1,
      env: emulator.env,
      maxQueues: 2,
      growThreshold: 16,
    });
    try {
      // More users than two 1024-deep rings hold: the rest wait their turn (backpressure).
      const users = 2500;
      const perUser = 3;
      let peakWaiting = 0;
      const user = async (id: number) => {
        for (let round = 0; round < perUser; round++) {
          const plain = randomBytes(64 + ((id * 31 + round) % 500));
          const job = deflateJob(pool.hwType, deflateRawSync(plain), plain.length + 64, id * perUser + round);
          const submitted = pool.submit({ sqe: job.sqe, keepAlive: job.keepAlive });
          peakWaiting = Math.max(peakWaiting, pool.stats().waiting);
          const result = jobResult(job, await submitted);
          expect(result.tag).toBe(id * perUser + round);
          expect(result.output.equals(plain)).toBe(true);
        }
      };
      await Promise.all(Array.from({ length: users }, (_, id) => user(id)));
      const stats = pool.stats();
      expect(stats.completed).toBe(users * perUser);
      expect(stats.queuesOpened).toBeLessThanOrEqual(2);
      expect(peakWaiting).toBeGreaterThan(0);
      expect(stats.failed).toBe(0);
    } finally {
      await pool.close();
    }
  });

  it('submitSync busy-polls a descriptor to completion', async () => {
    const pool = await openQueuePool({ algorithm: 'deflate', direction: 0, env: emulator.env });
    try {
      for (let index = 0; index < 50; index++) {
        const job = deflateJob(pool.hwType, sample(index), 4096, index);
        const result = jobResult(job, pool.submitSync({ sqe: job.sqe, keepAlive: job.keepAlive }));
        expect(inflateRawSync(result.output).equals(sample(index))).toBe(true);
      }
    } finally {
      await pool.close();
    }
  });

  it('drives a hisi_qm_v2 device too (type 0 SQEs, zlib)', async () => {
    const v2 = await launchEmulator({ api: 'hisi_qm_v2' });
    const pool = await openQueuePool({ algorithm: 'zlib', direction: 0, env: v2.env });
    try {
      expect(pool.hwType).toBe(2);
      const jobs = Array.from({ length: 1500 }, (_, index) =>
        deflateJob(pool.hwType, sample(index), 4096, index, ZIP_REQUEST_TYPE.ZLIB),
      );
      const done = await Promise.all(
        jobs.map((job) => pool.submit({ sqe: job.sqe, keepAlive: job.keepAlive })),
      );
      done.forEach((sqe, index) => {
        const result = jobResult(jobs[index]!, sqe);
        expect(result.tag).toBe(index);
        // The device writes no zlib header (the driver does): add the default one to check.
        expect(
          inflateSync(Buffer.concat([Buffer.from([0x78, 0x9c]), result.output])).equals(sample(index)),
        ).toBe(true);
      });
    } finally {
      await pool.close();
      await v2.stop();
    }
  });

  it('opens on the device named, and reports the device it runs on', async () => {
    const pool = await openQueuePool({
      algorithm: 'gzip',
      direction: 0,
      env: emulator.env,
      device: 'hisi_zip-0',
    });
    try {
      expect(pool.device).toMatchObject({ name: 'hisi_zip-0', api: 'hisi_qm_v3', hwType: 3 });
      expect(pool.device.algorithms).toContain('gzip');
    } finally {
      await pool.close();
    }
  });

  it('refuses a device that does not exist with ERR_UACCE_NO_DEVICE', async () => {
    await expect(
      openQueuePool({ algorithm: 'deflate', direction: 0, env: emulator.env, device: 'hisi_zip-9' }),
    ).rejects.toMatchObject({ code: 'ERR_UACCE_NO_DEVICE' });
    await expect(openQueuePool({ algorithm: 'lz4', direction: 0, env: emulator.env })).rejects.toMatchObject({
      code: 'ERR_UACCE_NO_DEVICE',
    });
  });
});
