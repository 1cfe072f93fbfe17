// SPDX-License-Identifier: Apache-2.0
// Every doorbell store is a command (spec §3.3, §6 item 5): a driver that rings one SQ doorbell
// per submission and one CQ doorbell per consumed CQE, and never re-rings, loses nothing, however
// its stores interleave: SQ then CQ back to back from one thread, submitter and consumer on two
// threads, and on hisi_qm_v2 several processes ringing the device's one doorbell address.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../src';
import { openRawQueue, RingClient } from './support/ring-client';
import { buildSqe } from './support/sqe-builder';

const WORKER = fileURLToPath(new URL('./support/doorbell-worker.mjs', import.meta.url));
const V2_CHILD = fileURLToPath(new URL('./support/doorbell-child.mjs', import.meta.url));

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ devices: 2, api: ['hisi_qm_v3', 'hisi_qm_v2'], queuesPerDevice: 16 });
});

afterAll(async () => {
  await emulator?.stop();
});

const dest = Buffer.alloc(15);
const bypass = (tag: number) =>
  buildSqe({ requestType: 1, source: dest, sourceLength: 0, dest, destLength: 0, tag });

async function queueInfo(device: string, id: number) {
  return (await emulator.faults.queues(device)).find((queue) => queue.id === id)!;
}

describe.each(['hisi_zip-0', 'hisi_zip-1'])('%s: SQ then CQ doorbell back to back', (device) => {
  it('runs the SQE whose doorbell the CQ doorbell overwrote (the issue-14 reproduction, 40 times)', async () => {
    const ring = await RingClient.open(emulator, device, 0);
    try {
      let tag = 1;
      ring.submit(bypass(tag));
      for (let round = 0; round < 40; round++) {
        // A is complete and its CQE visible; B's SQ doorbell, then A's CQ doorbell at once.
        for (let i = 0; i < 500 && (ring.dus.readUInt16LE(0x20000 + (round % 1024) * 16 + 14) & 1) !== 1; i++)
          await ring.connection.nextEvent(10);
        tag += 1;
        ring.submit(bypass(tag));
        const a = ring.tryReceive();
        expect(a?.sqe.readUInt32LE(26 * 4)).toBe(tag - 1);
      }
      const last = await ring.receive(5_000);
      expect(last?.sqe.readUInt32LE(26 * 4)).toBe(tag);
      const info = await queueInfo(device, ring.queueId);
      expect(info).toMatchObject({ sqHead: 41, sqTail: 41, completed: 41 });
      // The device did not see (most of) those SQ doorbells: it found them in the ring.
      expect(info.recoveredSqDoorbells).toBeGreaterThan(0);
    } finally {
      ring.close();
    }
  });
});

async function runThreads(device: string, count: number, inflight: number) {
  const queue = await openRawQueue(emulator, device, 0);
  const shared = new SharedArrayBuffer(16);
  const common = {
    dusFd: queue.dusFd,
    mmioFd: queue.mmioFd,
    queueId: queue.queueId,
    count,
    inflight,
    shared,
  };
  const run = (role: string) =>
    new Promise<void>((resolve, reject) => {
      const worker = new Worker(WORKER, { execArgv: [], workerData: { ...common, role, idleMs: 10_000 } });
      worker.once('message', () => resolve());
      worker.once('error', reject);
    });
  try {
    await Promise.all([run('consume'), run('submit')]);
    const [consumed, submitted, failures] = new Int32Array(shared);
    if (process.env.UACCE_FIGURES)
      console.log(device, count, inflight, await queueInfo(device, queue.queueId));
    return { consumed, submitted, failures, info: await queueInfo(device, queue.queueId) };
  } finally {
    queue.close();
  }
}

describe('submitter and consumer on two threads', () => {
  it('hisi_qm_v3: 100,000 requests, 1,000 in flight, none lost', async () => {
    const result = await runThreads('hisi_zip-0', 100_000, 1000);
    expect(result).toMatchObject({ consumed: 100_000, submitted: 100_000, failures: 0 });
    expect(result.info).toMatchObject({ sqTail: 100_000, completed: 100_000 });
  }, 120_000);

  it('hisi_qm_v2: 20,000 requests, 8 in flight, none lost', async () => {
    const result = await runThreads('hisi_zip-1', 20_000, 8);
    expect(result).toMatchObject({ consumed: 20_000, submitted: 20_000, failures: 0 });
  }, 120_000);
});

describe('hisi_qm_v2 without doorbell isolation', () => {
  it("four processes ring the device's one doorbell address; every request of each completes", async () => {
    const children = Array.from({ length: 4 }, () =>
      spawn(process.execPath, [V2_CHILD, emulator.socketPath, String(emulator.pid), 'hisi_zip-1', '1500'], {
        stdio: ['ignore', 'pipe', 'inherit'],
      }),
    );
    const outputs = await Promise.all(
      children.map(
        (child) =>
          new Promise<string>((resolve) => {
            let text = '';
            child.stdout!.on('data', (chunk: Buffer) => {
              text += chunk.toString();
            });
            child.once('exit', () => resolve(text.trim()));
          }),
      ),
    );
    expect(outputs).toEqual(Array.from({ length: 4 }, () => 'ok 1500'));
  }, 120_000);
});
