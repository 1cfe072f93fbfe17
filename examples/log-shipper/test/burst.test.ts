// SPDX-License-Identifier: Apache-2.0
// Issue 21 point 1: a 10,000 lines/s burst for 20 s through pino's worker thread with the README's
// options. Before the fix, the age timer sealed a batch while add() waited for 'drain' (which a
// Writable never emits once ending), write() never resolved, the worker ran dry and lines were
// lost. Every line must end up delivered or spooled, whatever the collector does.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { Collector } from './support/collector';

const APP = join(dirname(fileURLToPath(import.meta.url)), 'support', 'burst-app.mjs');
const RATE = 10_000;
const SECONDS = 20;

let dir: string;
let collector: Collector;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'uacce-burst-'));
  collector = new Collector();
  await collector.start();
});
afterEach(async () => {
  await collector.stop();
  await rm(dir, { recursive: true, force: true });
});

async function spooledLines(spool: string): Promise<string[]> {
  const names = (await readdir(spool).catch(() => [])).filter((name) => name.endsWith('.ndjson.gz'));
  const lines: string[] = [];
  for (const name of names) {
    const text = gunzipSync(await readFile(join(spool, name))).toString();
    lines.push(...text.split('\n').filter((line) => line !== ''));
  }
  return lines;
}

async function burst(): Promise<{ logged: number; delivered: number; spooled: number }> {
  const spool = join(dir, 'spool');
  const app = spawn(process.execPath, [APP, collector.url, spool, String(RATE), String(SECONDS)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: (SECONDS + 100) * 1000,
  });
  let output = '';
  app.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const [status, signal] = await once(app, 'exit');
  expect({ status, signal }).toEqual({ status: 0, signal: null });
  const { logged } = JSON.parse(output) as { logged: number };
  expect(logged).toBe(RATE * SECONDS);
  const spooled = await spooledLines(spool);
  const seen = new Set<number>();
  for (const line of [...collector.lines, ...spooled])
    seen.add((JSON.parse(line) as { index: number }).index);
  for (let index = 0; index < logged; index += 1) if (!seen.has(index)) expect.fail(`line ${index} was lost`);
  return { logged, delivered: collector.lines.length, spooled: spooled.length };
}

it('delivers every line of a 10,000 lines/s burst for 20 s to a healthy collector', async () => {
  const result = await burst();
  console.log('burst, healthy collector:', result);
  expect(result.delivered + result.spooled).toBeGreaterThanOrEqual(result.logged);
}, 180_000);

it('delivers or spools every line of the burst when the collector is slow, flaky and then down', async () => {
  collector.delayMs = 400;
  collector.failEvery = 3;
  const outage = setTimeout(() => void collector.stop(), 12_000);
  const result = await burst();
  clearTimeout(outage);
  console.log('burst, slow/flaky/down collector:', result);
  expect(result.spooled).toBeGreaterThan(0);
  expect(result.delivered + result.spooled).toBeGreaterThanOrEqual(result.logged);
}, 180_000);
