// SPDX-License-Identifier: Apache-2.0
// Descriptors per second through the queue engine against an in-process device that completes
// every SQE inside the doorbell store: what is measured is the engine's own cost per descriptor
// (ring copy, doorbell, CQE scan, read-back, promise settlement). Run: npx vitest bench --run
// One iteration = BATCH descriptors; descriptors/s = hz × BATCH, cost per descriptor = 1/that.
import { afterAll, beforeAll, bench, describe } from 'vitest';
import { type FakePool, openFakePool } from '../test/helpers/fake-pool';

const BATCH = 256;
const sqe = new Uint8Array(128);
const requests = Array.from({ length: BATCH }, () => ({ sqe }));

let instant: FakePool;

beforeAll(async () => {
  instant = await openFakePool(
    { completion: 'immediate' },
    { maxQueues: 1, requestTimeoutMs: 0, busyPollMicros: 20 },
  );
});

afterAll(() => instant?.dispose());

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
