// SPDX-License-Identifier: Apache-2.0
// Scheduling, backpressure, growth and health of the pool, on an in-process device.
import { UacceDeviceError } from '@uacce/abi';
import { afterEach, describe, expect, it } from 'vitest';
import type { HealthEvent } from '../src/health';
import { RESULT_MARK, taggedSqe, tagOf } from './helpers/fake-device';
import { type FakePool, openFakePool } from './helpers/fake-pool';

let current: FakePool | undefined;
afterEach(async () => {
  await current?.dispose();
  current = undefined;
});

async function open(...args: Parameters<typeof openFakePool>): Promise<FakePool> {
  current = await openFakePool(...args);
  return current;
}

function expectCode(code: string) {
  return expect.objectContaining({ code });
}

describe('QueuePool on an in-process device', () => {
  it('resolves each request with its own SQE read back from its slot, across many wraps', async () => {
    const { pool, device } = await open({ depth: 16, completion: 'deferred' }, { maxQueues: 1 });
    const results = await Promise.all(
      Array.from({ length: 500 }, (_, tag) => pool.submit({ sqe: taggedSqe(tag) })),
    );
    expect(results.map(tagOf)).toEqual(Array.from({ length: 500 }, (_, tag) => tag));
    expect(results.every((sqe) => sqe[127] === RESULT_MARK)).toBe(true);
    expect(device.files.size).toBe(1);
    expect(pool.stats()).toMatchObject({ submitted: 500, completed: 500, inFlight: 0, waiting: 0 });
  });

  it('never has more than depth - 1 requests outstanding on a queue', async () => {
    const { pool } = await open({ depth: 8, completion: 'deferred' }, { maxQueues: 1 });
    const promises = Array.from({ length: 30 }, (_, tag) => pool.submit({ sqe: taggedSqe(tag) }));
    expect(pool.stats()).toMatchObject({ inFlight: 7, waiting: 23 });
    await Promise.all(promises);
  });

  it('serves waiters in arrival order', async () => {
    const { pool } = await open({ depth: 4, completion: 'deferred' }, { maxQueues: 1 });
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 40 }, (_, tag) =>
        pool.submit({ sqe: taggedSqe(tag) }).then((sqe) => order.push(tagOf(sqe))),
      ),
    );
    expect(order).toEqual(Array.from({ length: 40 }, (_, tag) => tag));
  });

  it('rings one SQ doorbell for a batch', async () => {
    const { pool, device } = await open({ completion: 'deferred' });
    const before = device.doorbells;
    const results = await Promise.all(
      pool.submitBatch(Array.from({ length: 50 }, (_, tag) => ({ sqe: taggedSqe(tag) }))),
    );
    expect(results.map(tagOf)).toEqual(Array.from({ length: 50 }, (_, tag) => tag));
    expect(device.doorbells - before).toBe(1);
  });

  it('rings the CQ doorbell with the new head and never rings the SQ doorbell again', async () => {
    const { pool, device } = await open({ completion: 'deferred' });
    const first = pool.submit({ sqe: taggedSqe(1) });
    await Promise.resolve();
    const second = pool.submit({ sqe: taggedSqe(2) });
    const third = pool.submit({ sqe: taggedSqe(3) });
    expect(tagOf(await first)).toBe(1);
    expect(tagOf(await second)).toBe(2);
    expect(tagOf(await third)).toBe(3);
    // SQ(1), then SQ(3) for the two submitted in the next tick; after that only CQ doorbells:
    // the device consumes every store, so an SQ doorbell already rung is never rung again.
    const sq = device.log.filter((doorbell) => doorbell.command === 0);
    expect(sq.map((doorbell) => doorbell.index)).toEqual([1, 3]);
    const lastSq = device.log.findLastIndex((doorbell) => doorbell.command === 0);
    const cq = device.log.slice(lastSq + 1);
    expect(cq.length).toBeGreaterThan(0);
    expect(cq.every((doorbell) => doorbell.command === 1)).toBe(true);
    expect(cq.at(-1)).toMatchObject({ command: 1, index: 3 });
  });

  it('coalesces the doorbells of submissions made in the same tick', async () => {
    const { pool, device } = await open({ completion: 'deferred' });
    const before = device.doorbells;
    await Promise.all([1, 2, 3].map((tag) => pool.submit({ sqe: taggedSqe(tag) })));
    expect(device.doorbells - before).toBe(1);
  });

  it('refuses with ERR_UACCE_QUEUE_FULL when the wait queue is full', async () => {
    const { pool } = await open({ depth: 4, completion: 'deferred' }, { maxQueues: 1, maxWaiting: 2 });
    const accepted = Array.from({ length: 5 }, (_, tag) => pool.submit({ sqe: taggedSqe(tag) }));
    await expect(pool.submit({ sqe: taggedSqe(99) })).rejects.toThrow(expectCode('ERR_UACCE_QUEUE_FULL'));
    await Promise.all(accepted);
  });

  it('trySubmit answers undefined when every slot is taken, and a promise otherwise', async () => {
    const { pool } = await open({ depth: 4, completion: 'deferred' }, { maxQueues: 1 });
    const taken = [1, 2, 3].map((tag) => pool.trySubmit({ sqe: taggedSqe(tag) }));
    expect(taken.every((promise) => promise instanceof Promise)).toBe(true);
    expect(pool.trySubmit({ sqe: taggedSqe(4) })).toBeUndefined();
    await Promise.all(taken);
    expect(tagOf(await (pool.trySubmit({ sqe: taggedSqe(5) }) as Promise<Uint8Array>))).toBe(5);
  });

  it('a request that waits too long for a slot times out without harming the queue', async () => {
    const { pool, device } = await open({ depth: 2, completion: 'deferred' }, { maxQueues: 1 });
    device.nextFault = 'stall';
    const inFlight = pool.submit({ sqe: taggedSqe(1), timeoutMs: 0 }).catch((error) => error);
    await expect(pool.submit({ sqe: taggedSqe(2), timeoutMs: 20 })).rejects.toThrow(
      expectCode('ERR_UACCE_TIMEOUT'),
    );
    expect(pool.stats()).toMatchObject({ queues: 1, queueFailures: 0, inFlight: 1, waiting: 0 });
    await pool.close();
    expect(await inFlight).toMatchObject({ code: 'ERR_UACCE_QUEUE_CLOSED' });
  });

  it('busy-polls after a doorbell, and rests the spin for a device that keeps missing it', async () => {
    const { pool, device } = await open({ completion: 'immediate' }, { busyPollMicros: 5 });
    for (let tag = 0; tag < 5; tag++) await pool.submit({ sqe: taggedSqe(tag) });
    expect(pool.stats()).toMatchObject({ busyPollHits: 5, busyPollMisses: 0 });
    device.completion = 'deferred';
    for (let tag = 0; tag < 30; tag++) await pool.submit({ sqe: taggedSqe(tag) });
    // 8 misses in a row, then the next 64 flushes do not spin at all.
    expect(pool.stats()).toMatchObject({ busyPollHits: 5, busyPollMisses: 8 });
  });

  it('submitSync busy-polls to the completion', async () => {
    const { pool } = await open({ completion: 'immediate' });
    for (let tag = 0; tag < 3000; tag++) expect(tagOf(pool.submitSync({ sqe: taggedSqe(tag) }))).toBe(tag);
  });

  it('submitSync throws ERR_UACCE_QUEUE_FULL when no slot is free now', async () => {
    const { pool } = await open({ depth: 2, completion: 'deferred' }, { maxQueues: 1 });
    const busy = pool.submit({ sqe: taggedSqe(1) });
    expect(() => pool.submitSync({ sqe: taggedSqe(2) })).toThrow(expectCode('ERR_UACCE_QUEUE_FULL'));
    await busy;
  });

  it('grows under load up to maxQueues and shrinks back when idle', async () => {
    const { pool, device } = await open(
      { depth: 8, completion: 'deferred' },
      { maxQueues: 3, minQueues: 1, growThreshold: 4, idleTimeoutMs: 20 },
    );
    await Promise.all(Array.from({ length: 200 }, (_, tag) => pool.submit({ sqe: taggedSqe(tag) })));
    expect(pool.stats().queuesOpened).toBe(3);
    expect(device.files.size).toBeLessThanOrEqual(3);
    await until(() => device.files.size === 1);
    expect(pool.stats().queues).toBe(1);
  });

  it('by default holds no queue once idle for idleTimeoutMs, and the next request opens one again', async () => {
    const { pool, device } = await open({ depth: 8, completion: 'deferred' }, { idleTimeoutMs: 30 });
    expect(tagOf(await pool.submit({ sqe: taggedSqe(1) }))).toBe(1);
    expect(device.files.size).toBe(1);
    await until(() => device.files.size === 0);
    expect(pool.stats()).toMatchObject({ queues: 0, queuesOpened: 1, queuesClosed: 1 });
    expect(device.started).toBe(0);
    expect(tagOf(await pool.submit({ sqe: taggedSqe(2) }))).toBe(2);
    expect(pool.stats()).toMatchObject({ queues: 1, queuesOpened: 2 });
    expect(device.files.size).toBe(1);
  });

  it('submitSync on a pool whose queues went back throws ERR_UACCE_QUEUE_FULL and starts opening one', async () => {
    const { pool, device } = await open({ depth: 8 }, { idleTimeoutMs: 30 });
    await until(() => device.files.size === 0);
    expect(() => pool.submitSync({ sqe: taggedSqe(1) })).toThrow(expectCode('ERR_UACCE_QUEUE_FULL'));
    await until(() => pool.stats().queues === 1);
    expect(tagOf(pool.submitSync({ sqe: taggedSqe(2) }))).toBe(2);
  });

  it('keeps minQueues warm queues through idle spells', async () => {
    const { pool, device } = await open(
      { depth: 8, completion: 'deferred' },
      { maxQueues: 3, minQueues: 2, growThreshold: 2, idleTimeoutMs: 20 },
    );
    await Promise.all(Array.from({ length: 60 }, (_, tag) => pool.submit({ sqe: taggedSqe(tag) })));
    expect(pool.stats().queuesOpened).toBe(3);
    await until(() => pool.stats().queuesClosed === 1);
    // Ten idle timeouts later the two warm queues are still open.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(pool.stats()).toMatchObject({ queues: 2, queuesClosed: 1 });
    expect(device.files.size).toBe(2);
  });

  it('validates requests with argument errors', async () => {
    const { pool } = await open();
    await expect(pool.submit({ sqe: new Uint8Array(64) })).rejects.toThrow(
      expectCode('ERR_INVALID_ARG_VALUE'),
    );
    await expect(pool.submit({ sqe: 'x' as unknown as Uint8Array })).rejects.toThrow(
      expectCode('ERR_INVALID_ARG_TYPE'),
    );
  });

  it('passes the direction to SET_QP_CTX', async () => {
    const { device } = await open({}, { direction: 1 });
    expect([...device.files][0]?.qcType).toBe(1);
  });

  it('close() is idempotent, fails waiters and returns every queue', async () => {
    const { pool, device } = await open({ depth: 4 }, { maxQueues: 2 });
    device.nextFault = 'stall';
    const pending = Array.from({ length: 10 }, (_, tag) =>
      pool.submit({ sqe: taggedSqe(tag) }).catch((e) => e),
    );
    await Promise.all([pool.close(), pool.close()]);
    const errors = await Promise.all(pending);
    expect(
      errors.every((error) => error instanceof UacceDeviceError && error.code === 'ERR_UACCE_QUEUE_CLOSED'),
    ).toBe(true);
    expect(device.files.size).toBe(0);
    await expect(pool.submit({ sqe: taggedSqe(1) })).rejects.toThrow(expectCode('ERR_UACCE_QUEUE_CLOSED'));
  });
});

describe('QueuePool health', () => {
  it('a stalled queue times out (ERR_UACCE_TIMEOUT), leaves service, and later requests get a new queue', async () => {
    const { pool, device } = await open({ completion: 'deferred' }, { requestTimeoutMs: 30, backoffMs: 1 });
    const events: HealthEvent[] = [];
    pool.on('health', (event) => events.push(event));
    device.nextFault = 'stall';
    await expect(pool.submit({ sqe: taggedSqe(1) })).rejects.toThrow(expectCode('ERR_UACCE_TIMEOUT'));
    expect(events[0]).toMatchObject({ kind: 'queue-failed', reason: 'stall' });
    device.nextFault = undefined;
    expect(tagOf(await pool.submit({ sqe: taggedSqe(2), timeoutMs: 10_000 }))).toBe(2);
    expect(pool.stats()).toMatchObject({ queueFailures: 1, timedOut: 1 });
  });

  it('a queue that completes nothing for stallTimeoutMs leaves service, whatever the request timeouts', async () => {
    const { pool, device } = await open(
      { completion: 'deferred' },
      { requestTimeoutMs: 0, stallTimeoutMs: 30, healthCheckMs: 5, backoffMs: 1 },
    );
    const events: HealthEvent[] = [];
    pool.on('health', (event) => events.push(event));
    device.nextFault = 'stall';
    await expect(pool.submit({ sqe: taggedSqe(1) })).rejects.toThrow(expectCode('ERR_UACCE_QUEUE_DISABLED'));
    expect(events[0]).toMatchObject({ kind: 'queue-failed', reason: 'stall' });
    device.nextFault = undefined;
    expect(tagOf(await pool.submit({ sqe: taggedSqe(2) }))).toBe(2);
  });

  it('submitSync on a stalled queue ends at stallTimeoutMs even without a request timeout', async () => {
    const { pool, device } = await open(
      { completion: 'deferred' },
      { requestTimeoutMs: 0, stallTimeoutMs: 30, backoffMs: 1 },
    );
    device.nextFault = 'stall';
    const error = (() => {
      try {
        pool.submitSync({ sqe: taggedSqe(1) });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(UacceDeviceError);
    expect(error).toMatchObject({ code: 'ERR_UACCE_QUEUE_DISABLED' });
    expect(pool.stats()).toMatchObject({ queueFailures: 1 });
    device.nextFault = undefined;
    expect(tagOf(await pool.submit({ sqe: taggedSqe(2) }))).toBe(2);
  });

  it('completes requests whose readiness never came, through the periodic health check', async () => {
    const { pool, device } = await open({ completion: 'deferred' }, { healthCheckMs: 5 });
    device.silent = true;
    const results = await Promise.all([1, 2, 3].map((tag) => pool.submit({ sqe: taggedSqe(tag) })));
    expect(results.map(tagOf)).toEqual([1, 2, 3]);
  });

  it('a reset (status words set) fails in-flight requests with ERR_UACCE_QUEUE_DISABLED', async () => {
    const { pool, device } = await open({ completion: 'deferred' }, { backoffMs: 1 });
    expect(tagOf(await pool.submit({ sqe: taggedSqe(1) }))).toBe(1);
    device.nextFault = 'reset';
    const doomed = pool.submit({ sqe: taggedSqe(2) });
    await expect(doomed).rejects.toThrow(expectCode('ERR_UACCE_QUEUE_DISABLED'));
    device.nextFault = undefined;
    expect(tagOf(await pool.submit({ sqe: taggedSqe(3) }))).toBe(3);
  });

  it('a completion naming an empty slot fails with ERR_UACCE_BAD_COMPLETION', async () => {
    const { pool, device } = await open({ completion: 'deferred' });
    device.nextFault = 'bad-completion';
    await expect(pool.submit({ sqe: taggedSqe(1) })).rejects.toThrow(expectCode('ERR_UACCE_BAD_COMPLETION'));
  });

  it('a removed device leaves service for good: ERR_UACCE_NO_DEVICE afterwards', async () => {
    const { pool, device } = await open({ completion: 'deferred' });
    const events: HealthEvent[] = [];
    pool.on('health', (event) => events.push(event));
    device.nextFault = 'remove';
    await expect(pool.submit({ sqe: taggedSqe(1) })).rejects.toThrow(expectCode('ERR_UACCE_QUEUE_DISABLED'));
    await until(() => events.some((event) => event.kind === 'device-out-of-service'));
    await expect(pool.submit({ sqe: taggedSqe(2) })).rejects.toThrow(expectCode('ERR_UACCE_NO_DEVICE'));
    expect(pool.stats().outOfService).toEqual([{ device: device.info.name, reason: 'removed' }]);
  });

  it('an isolated device leaves service', async () => {
    const { pool, device, tree } = await open({ completion: 'deferred' }, { requestTimeoutMs: 20 });
    device.nextFault = 'stall';
    await tree.write(device.info.name, { isolate: '1\n' });
    await expect(pool.submit({ sqe: taggedSqe(1) })).rejects.toThrow(expectCode('ERR_UACCE_TIMEOUT'));
    await until(() => pool.stats().outOfService.length === 1);
    expect(pool.stats().outOfService[0]?.reason).toBe('isolated');
    // A request arriving while the pool looks for another device waits for that search.
    await expect(pool.submit({ sqe: taggedSqe(2), timeoutMs: 10_000 })).rejects.toThrow(
      expectCode('ERR_UACCE_NO_DEVICE'),
    );
  });

  it('keeps every Buffer a request names until its completion is consumed', async () => {
    const { pool, device } = await open({ completion: 'deferred' }, { requestTimeoutMs: 0 });
    device.nextFault = 'stall';
    let collected = false;
    const registry = new FinalizationRegistry(() => {
      collected = true;
    });
    (() => {
      const buffer = Buffer.alloc(1 << 20);
      registry.register(buffer, 'buffer');
      void pool.submit({ sqe: taggedSqe(1), keepAlive: [buffer] }).catch(() => undefined);
    })();
    const gc = (globalThis as { gc?: () => void }).gc;
    expect(gc).toBeTypeOf('function');
    for (let round = 0; round < 5; round++) {
      gc?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(collected).toBe(false);
  });

  it('lets those Buffers go once the completion is consumed', async () => {
    const { pool } = await open({ completion: 'deferred' });
    let collected = false;
    const registry = new FinalizationRegistry(() => {
      collected = true;
    });
    await (async () => {
      const buffer = Buffer.alloc(1 << 20);
      registry.register(buffer, 'buffer');
      await pool.submit({ sqe: taggedSqe(1), keepAlive: [buffer] });
    })();
    const gc = (globalThis as { gc?: () => void }).gc;
    await until(() => {
      gc?.();
      return collected;
    });
    expect(collected).toBe(true);
  });
});

async function until(predicate: () => boolean, limitMs = 5000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!predicate()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
