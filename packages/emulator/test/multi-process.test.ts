// SPDX-License-Identifier: Apache-2.0
// Many client processes share the device: available_instances tracks queues across them, and a
// client that is killed gets its queues back into the pool at once.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../src';

const CHILD = fileURLToPath(new URL('./support/hold-queues.mjs', import.meta.url));
const COMPRESSOR = fileURLToPath(new URL('./support/compress-child.mjs', import.meta.url));
const QUEUES = 32;
const PER_CHILD = 3;

let emulator: RunningEmulator;
const children: ChildProcess[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ queuesPerDevice: QUEUES });
});

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await emulator?.stop();
});

function sysfsAvailable(): number {
  return Number(readFileSync(join(emulator.sysfsRoot, 'hisi_zip-0', 'available_instances'), 'utf8'));
}

function startChild(): Promise<ChildProcess> {
  const child = spawn(process.execPath, [CHILD, emulator.socketPath, 'hisi_zip-0', String(PER_CHILD)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout!.once('data', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`child exited ${code}`)));
  });
}

async function settle(expected: number): Promise<void> {
  for (let attempt = 0; attempt < 500 && sysfsAvailable() !== expected; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  expect(sysfsAvailable()).toBe(expected);
  expect(await emulator.faults.available('hisi_zip-0')).toBe(expected);
}

describe('eight client processes', () => {
  it('hold queues with available_instances right throughout, and a killed one returns its queues', async () => {
    for (let index = 0; index < 8; index++) {
      await startChild();
      // The child printed "ready" only after all its opens were answered: no settling needed.
      expect(sysfsAvailable()).toBe(QUEUES - PER_CHILD * (index + 1));
    }
    const queues = await emulator.faults.queues('hisi_zip-0');
    expect(new Set(queues.map((queue) => queue.pid))).toEqual(new Set(children.map((child) => child.pid)));
    expect(queues.every((queue) => queue.state === 'started')).toBe(true);

    const victim = children[3]!;
    victim.kill('SIGKILL');
    await settle(QUEUES - PER_CHILD * 7);
    const after = await emulator.faults.queues('hisi_zip-0');
    expect(after.some((queue) => queue.pid === victim.pid)).toBe(false);
    expect(after).toHaveLength(PER_CHILD * 7);

    for (const child of children) child.kill('SIGKILL');
    await settle(QUEUES);
  });
});

describe('eight client processes compressing at once', () => {
  it('each gets its own data back: DMA goes to the process that opened the queue', async () => {
    const runs = Array.from({ length: 8 }, () => {
      const child = spawn(process.execPath, [COMPRESSOR, emulator.socketPath, String(emulator.pid)], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      children.push(child);
      let output = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      return new Promise<string>((resolve) => child.once('exit', () => resolve(output.trim())));
    });
    const outputs = await Promise.all(runs);
    expect(outputs).toEqual(children.slice(-8).map((child) => `ok ${child.pid}`));
    await settle(QUEUES);
  });
});
