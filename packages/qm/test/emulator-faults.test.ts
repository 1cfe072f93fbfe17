// SPDX-License-Identifier: Apache-2.0
// Every fault the emulator can inject, as the queue engine reports it. One emulator per test:
// faults change device state for good.
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { UacceDeviceError } from '@uacce/abi';
import { afterEach, describe, expect, it } from 'vitest';
import type { HealthEvent } from '../src/health';
import { openQueuePool, type QueuePool, type QueuePoolOptions } from '../src/queue-pool';
import { type DeflateJob, deflateJob, jobResult } from './helpers/deflate-sqe';
import { DEVICE, launchEmulator, type RunningEmulator, until } from './helpers/emulator';

const PLAIN = Buffer.from('fault injection keeps its promises; '.repeat(40));

let emulator: RunningEmulator | undefined;
let pool: QueuePool | undefined;
afterEach(async () => {
  await pool?.close();
  await emulator?.stop();
  pool = emulator = undefined;
});

async function setup(
  options: Partial<QueuePoolOptions> = {},
): Promise<{ pool: QueuePool; events: HealthEvent[] }> {
  emulator = await launchEmulator();
  pool = await openQueuePool({ algorithm: 'deflate', direction: 0, env: emulator.env, ...options });
  const events: HealthEvent[] = [];
  pool.on('health', (event: HealthEvent) => events.push(event));
  return { pool, events };
}

function job(tag: number): DeflateJob {
  return deflateJob(pool?.hwType ?? 3, PLAIN, 8192, tag);
}

function submit(target: QueuePool, tag: number, timeoutMs?: number): Promise<Uint8Array> {
  const { sqe, keepAlive } = job(tag);
  return target.submit({ sqe, keepAlive, timeoutMs });
}

/** 'resolved', or the code of a UacceDeviceError (class and code both count). */
function code(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'resolved',
    (error: unknown) =>
      error instanceof UacceDeviceError ? error.code : `not a UacceDeviceError: ${String(error)}`,
  );
}

/** True when every queue of DEVICE is either free or one of `pool`'s queues in service (none leaked). */
async function queuesAccountedFor(target: QueuePool): Promise<boolean> {
  const device = (await emulator!.faults.devices()).find((entry) => entry.name === DEVICE);
  const stats = target.stats();
  return stats.opening === 0 && device !== undefined && device.available + stats.queues === device.queues;
}

describe('emulator faults through the queue engine', () => {
  it('failNext: the injected hardware status comes back in the completed SQE (zip maps it)', async () => {
    const { pool } = await setup();
    await emulator!.faults.failNext(DEVICE, 2, 0x0e);
    const statuses = [];
    for (let tag = 0; tag < 3; tag++) {
      const work = job(tag);
      statuses.push(jobResult(work, await pool.submit({ sqe: work.sqe, keepAlive: work.keepAlive })).status);
    }
    expect(statuses).toEqual([0x0e, 0x0e, 0]);
  });

  it('stall: ERR_UACCE_TIMEOUT, the queue leaves service, later requests run on a new queue', async () => {
    const { pool, events } = await setup({ backoffMs: 1 });
    await emulator!.faults.stall(DEVICE);
    const first = code(submit(pool, 1, 100));
    const second = code(submit(pool, 2, 5_000));
    expect(await first).toBe('ERR_UACCE_TIMEOUT');
    expect(await second).toBe('ERR_UACCE_QUEUE_DISABLED');
    expect(events.some((event) => event.kind === 'queue-failed' && event.reason === 'stall')).toBe(true);
    await emulator!.faults.unstall(DEVICE);
    expect(await code(submit(pool, 3))).toBe('resolved');
  });

  it('reset: in-flight requests fail with ERR_UACCE_QUEUE_DISABLED; after recovery work resumes', async () => {
    const { pool, events } = await setup({ backoffMs: 300 });
    await emulator!.faults.stall(DEVICE);
    const inFlight = [1, 2, 3].map((tag) => code(submit(pool, tag)));
    await until(async () => (await emulator!.faults.queues(DEVICE)).some((queue) => queue.sqTail === 3));
    await emulator!.faults.reset(DEVICE);
    expect(await Promise.all(inFlight)).toEqual(Array(3).fill('ERR_UACCE_QUEUE_DISABLED'));
    expect(events[0]).toMatchObject({ kind: 'queue-failed', reason: 'reset' });
    await emulator!.faults.unstall(DEVICE);
    await emulator!.faults.recover(DEVICE);
    expect(await code(submit(pool, 4))).toBe('resolved');
    await until(() => queuesAccountedFor(pool));
  });

  it('isolate: the device leaves service (ERR_UACCE_DEVICE_ISOLATED), then ERR_UACCE_NO_DEVICE', async () => {
    const { pool, events } = await setup({ healthCheckMs: 10 });
    await emulator!.faults.stall(DEVICE);
    const inFlight = code(submit(pool, 1));
    await emulator!.faults.isolate(DEVICE);
    expect(await inFlight).toBe('ERR_UACCE_DEVICE_ISOLATED');
    await until(() => events.some((event) => event.kind === 'device-out-of-service'));
    expect(await code(submit(pool, 2))).toBe('ERR_UACCE_NO_DEVICE');
    expect(pool.stats().outOfService).toEqual([{ device: DEVICE, reason: 'isolated' }]);
    await until(() => queuesAccountedFor(pool));
    expect(pool.stats().queues).toBe(0);
  });

  it('remove: in-flight requests fail with ERR_UACCE_QUEUE_DISABLED, then ERR_UACCE_NO_DEVICE', async () => {
    const { pool, events } = await setup();
    await emulator!.faults.stall(DEVICE);
    const inFlight = code(submit(pool, 1));
    await until(async () => (await emulator!.faults.queues(DEVICE)).some((queue) => queue.sqTail === 1));
    await emulator!.faults.remove(DEVICE);
    expect(await inFlight).toBe('ERR_UACCE_QUEUE_DISABLED');
    await until(() => events.some((event) => event.kind === 'device-out-of-service'));
    expect(await code(submit(pool, 2))).toBe('ERR_UACCE_NO_DEVICE');
  });

  it('remove with a second device of the same hw type: later requests fail over to it', async () => {
    emulator = await launchEmulator({ devices: 2 });
    pool = await openQueuePool({ algorithm: 'deflate', direction: 0, env: emulator.env });
    const events: HealthEvent[] = [];
    pool.on('health', (event: HealthEvent) => events.push(event));
    const first = pool.device.name;
    await emulator.faults.stall(first);
    const inFlight = code(submit(pool, 1));
    await until(async () => (await emulator!.faults.queues(first)).some((queue) => queue.sqTail === 1));
    await emulator.faults.remove(first);
    expect(await inFlight).toBe('ERR_UACCE_QUEUE_DISABLED');
    const work = job(2);
    const done = await pool.submit({ sqe: work.sqe, keepAlive: work.keepAlive });
    expect(inflateRawSync(jobResult(work, done).output).equals(PLAIN)).toBe(true);
    expect(pool.device.name).not.toBe(first);
    expect(events.some((event) => event.kind === 'device-selected' && event.reason === 'failover')).toBe(
      true,
    );
  });

  it('slow: results stay correct; a timeout shorter than the delay is ERR_UACCE_TIMEOUT', async () => {
    const { pool } = await setup({ backoffMs: 1 });
    await emulator!.faults.slow(DEVICE, 50);
    const work = job(1);
    const done = await pool.submit({ sqe: work.sqe, keepAlive: work.keepAlive });
    expect(inflateRawSync(jobResult(work, done).output).equals(PLAIN)).toBe(true);
    expect(await code(submit(pool, 2, 5))).toBe('ERR_UACCE_TIMEOUT');
  });

  it('corrupt: the engine delivers the completion; the data is wrong (zip and node:zlib catch it)', async () => {
    const { pool } = await setup();
    await emulator!.faults.corrupt(DEVICE, 1);
    const work = job(1);
    const output = jobResult(work, await pool.submit({ sqe: work.sqe, keepAlive: work.keepAlive })).output;
    const roundTrip = (() => {
      try {
        return inflateRawSync(output);
      } catch {
        return undefined;
      }
    })();
    expect(roundTrip?.equals(PLAIN) ?? false).toBe(false);
    expect(deflateRawSync(PLAIN).length).toBeGreaterThan(0);
  });

  it('kill: in-flight requests fail with ERR_UACCE_TRANSPORT, then ERR_UACCE_NO_DEVICE', async () => {
    const { pool } = await setup();
    await emulator!.faults.stall(DEVICE);
    const inFlight = code(submit(pool, 1));
    await emulator!.faults.kill();
    expect(await inFlight).toBe('ERR_UACCE_TRANSPORT');
    await until(() => pool.stats().outOfService.length === 1);
    expect(await code(submit(pool, 2))).toBe('ERR_UACCE_NO_DEVICE');
  });
});
