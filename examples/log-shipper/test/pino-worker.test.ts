// SPDX-License-Identifier: Apache-2.0
// The transport as pino really runs it: `pino.transport({ target })` in a worker thread of an
// application process, loading the built package.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { Collector, countByIndex } from './support/collector';

const APP = join(dirname(fileURLToPath(import.meta.url)), 'support', 'pino-app.mjs');

let dir: string;
let collector: Collector;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'uacce-pino-worker-'));
  collector = new Collector();
  await collector.start();
});
afterEach(async () => {
  await collector.stop();
  await rm(dir, { recursive: true, force: true });
});

it('ships every line from a pino worker-thread transport exactly once', async () => {
  const app = spawn(process.execPath, [APP, collector.url, join(dir, 'spool'), '500'], {
    stdio: 'inherit',
    timeout: 30_000,
  });
  const [status] = await once(app, 'exit');
  expect(status).toBe(0);
  const counts = countByIndex(collector.lines);
  expect(collector.lines).toHaveLength(500);
  for (let index = 0; index < 500; index += 1) expect(counts.get(index)).toBe(1);
});
