// SPDX-License-Identifier: Apache-2.0
// Descriptors per second through the queue engine. Run: npx vitest bench --run
//   instant:  an in-process device that completes every SQE inside the doorbell store, so what
//             is measured is the engine's own cost per descriptor (ring copy, doorbell, CQE scan,
//             read-back, promise settlement);
//   emulator: the real emulator process compressing 512-byte inputs (transport + device cost).
// One iteration = BATCH descriptors; descriptors/s = hz × BATCH, cost per descriptor = 1/that.
import { afterAll, beforeAll, bench, describe } from 'vitest';
import type { QueuePool } from '../src/queue-pool';
import { openQueuePool } from '../src/queue-pool';
import { deflateJob } from '../test/helpers/deflate-sqe';
import { launchEmulator, type RunningEmulator } from '../test/helpers/emulator';
import { type FakePool, openFakePool } from '../test/helpers/fake-pool';

const BATCH = 256;
const sqe = new Uint8Array(128);
const requests = Array.from({ length: BATCH }, () => ({ sqe }));

let instant: FakePool;
let emulator: RunningEmulator;
let emulated: QueuePool;
let emulatedRequests: { sqe: Uint8Array; keepAlive: readonly unknown[] }[];

beforeAll(async () => {
  instant = await openFakePool(
    { completion: 'immediate' },
    { maxQueues: 1, requestTimeoutMs: 0, busyPollMicros: 20 },
  );
  emulator = await launchEmulator();
  emulated = await openQueuePool({ algorithm: 'deflate', direction: 0, env: emulator.env, maxQueues: 1 });
  const input = Buffer.from('a log line with some repetition in it; '.repeat(13)).subarray(0, 512);
  emulatedRequests = Array.from({ length: BATCH }, (_, tag) => {
    const job = deflateJob(emulated.hwType, input, 2048, tag);
    return { sqe: job.sqe, keepAlive: job.keepAlive };
  });
});

afterAll(async () => {
  await instant?.dispose();
  await emulated?.close();
  await emulator?.stop();
});

describe(`instant device, ${BATCH} descriptors per iteration`, () => {
  bench('submitBatch (one doorbell)', async () => {
    await Promise.all(instant.pool.submitBatch(requests));
  });
  bench('submit x256 in one tick (coalesced doorbell)', async () => {
    await Promise.all(requests.map((request) => instant.pool.submit(request)));
  });
  bench('submitSync x256 (busy-poll)', () => {
    for (const request of requests) instant.pool.submitSync(request);
  });
});

describe(`emulator, ${BATCH} deflate descriptors of 512 bytes per iteration`, () => {
  bench('submitBatch (one doorbell)', async () => {
    await Promise.all(emulated.submitBatch(emulatedRequests));
  });
});
