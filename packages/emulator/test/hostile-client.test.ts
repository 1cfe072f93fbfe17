// SPDX-License-Identifier: Apache-2.0
// One client cannot hurt the emulator or the others: a control line without a newline is bounded
// (the client is disconnected, the others keep their latency), and a client that busy-polls its
// CQ without ever reading its socket does not grow the emulator's memory (readiness is a level).
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../src';
import { MAX_LINE_BYTES } from '../src/protocol';
import { DeviceConnection, openRawQueue } from './support/ring-client';

const WORKER = fileURLToPath(new URL('./support/doorbell-worker.mjs', import.meta.url));

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ queuesPerDevice: 8 });
});

afterAll(async () => {
  await emulator?.stop();
});

function rssBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB$/m)!;
  return Number(line[1]) * 1024;
}

describe('a line without a newline', () => {
  it.each([
    ['device socket', () => emulator.socketPath],
    ['control socket', () => emulator.controlPath],
  ])('on the %s is cut off past MAX_LINE_BYTES; other clients are served meanwhile', async (_name, path) => {
    const hostile = connect(path());
    const closed = new Promise<void>((resolve) => hostile.once('close', () => resolve()));
    hostile.on('error', () => {});
    // 4 MiB in 64 KiB chunks, no newline: the emulator must drop the connection, not buffer it.
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let written = 0;
    const writer = (async () => {
      while (!hostile.destroyed && written < 4 * 1024 * 1024) {
        if (!hostile.write(chunk))
          await new Promise((resolve) => {
            hostile.once('drain', resolve);
            hostile.once('close', resolve);
          });
        written += chunk.length;
      }
    })();
    const started = performance.now();
    const other = new DeviceConnection(emulator.socketPath);
    const reply = await other.send('open', { device: 'hisi_zip-0', pid: process.pid });
    const latency = performance.now() - started;
    other.close();
    expect(reply.ok).toBe(true);
    await closed;
    await writer.catch(() => undefined);
    expect(written).toBeLessThan(4 * 1024 * 1024);
    expect(written).toBeGreaterThanOrEqual(MAX_LINE_BYTES - chunk.length);
    // Informational bound only (a shared machine): the other client was answered, not starved.
    expect(latency).toBeLessThan(5_000);
  });

  it('a line just under the bound is still read as a request', async () => {
    const connection = new DeviceConnection(emulator.socketPath);
    const padding = 'x'.repeat(MAX_LINE_BYTES - 200);
    const reply = await connection.send('open', { device: 'hisi_zip-0', pid: process.pid, padding });
    expect(reply.ok).toBe(true);
    connection.close();
  });
});

describe('readiness is a level', () => {
  it('100,000 requests busy-polled by a client that never reads its socket leave the RSS flat', async () => {
    // Two queues of one client, 50,000 requests each, one at a time: every request completes on
    // its own, so the device raises readiness once per request, and the client reads neither
    // socket from here on.
    const queues = await Promise.all([0, 1].map(() => openRawQueue(emulator, 'hisi_zip-0', 0)));
    for (const queue of queues) queue.connection.socket.pause();
    const shared = queues.map(() => new SharedArrayBuffer(16));
    const before = rssBytes(emulator.pid);
    try {
      await Promise.all(
        queues.map(
          (queue, index) =>
            new Promise<void>((resolve, reject) => {
              const workerData = {
                role: 'pingpong',
                dusFd: queue.dusFd,
                mmioFd: queue.mmioFd,
                queueId: queue.queueId,
                count: 50_000,
                inflight: 1,
                shared: shared[index],
                idleMs: 10_000,
              };
              const worker = new Worker(WORKER, { execArgv: [], workerData });
              worker.once('message', () => resolve());
              worker.once('error', reject);
            }),
        ),
      );
      const after = rssBytes(emulator.pid);
      const counts = shared.map((buffer) => {
        const [consumed, , failures] = new Int32Array(buffer);
        return { consumed, failures };
      });
      if (process.env.UACCE_FIGURES) console.log({ before, after, counts });
      expect(counts).toEqual([
        { consumed: 50_000, failures: 0 },
        { consumed: 50_000, failures: 0 },
      ]);
      // Queued as events, 100,000 writes would grow it by tens of MiB (24 MiB measured).
      expect(after - before).toBeLessThan(16 * 1024 * 1024);
    } finally {
      for (const queue of queues) queue.close();
    }
  }, 600_000);
});
