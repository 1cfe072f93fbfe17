// SPDX-License-Identifier: Apache-2.0
// Descriptors per second through the queue engine and the emulator process: stateless deflate of
// 512-byte inputs, so transport, device and engine costs together. Run: npx vitest bench --run
import { afterAll, beforeAll, bench, describe } from 'vitest';
import { openQueuePool, type QueuePool } from '../src/queue-pool';
import { deflateJob } from '../test/helpers/deflate-sqe';
import { launchEmulator, type RunningEmulator } from '../test/helpers/emulator';

const BATCH = 256;
let emulator: RunningEmulator;
let pool: QueuePool;
let requests: { sqe: Uint8Array; keepAlive: readonly unknown[] }[];

beforeAll(async () => {
  emulator = await launchEmulator();
  pool = await openQueuePool({ algorithm: 'deflate', direction: 0, env: emulator.env, maxQueues: 1 });
  const input = Buffer.from('a log line with some repetition in it; '.repeat(13)).subarray(0, 512);
  requests = Array.from({ length: BATCH }, (_, tag) => {
    const job = deflateJob(pool.hwType, input, 2048, tag);
    return { sqe: job.sqe, keepAlive: job.keepAlive };
  });
});

afterAll(async () => {
  await pool?.close();
  await emulator?.stop();
});

describe(`emulator, ${BATCH} deflate descriptors of 512 bytes per iteration`, () => {
  bench('submitBatch (one doorbell)', async () => {
    await Promise.all(pool.submitBatch(requests));
  });
});
