// SPDX-License-Identifier: Apache-2.0
// Issue 21 point 2: the rotating gzip file sink on a normal exit that closes nothing (the file used
// to lose its tail and fail `gzip -t`), as a pino worker-thread target with no wrapper, and under
// SIGKILL (it used to fall tens of thousands of lines behind, in memory).
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { constants, gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, expect, it } from 'vitest';

const APP = join(dirname(fileURLToPath(import.meta.url)), 'support', 'file-app.mjs');
const LINES = 50_000;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'uacce-file-exit-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** Every index in the files of `dir`, read with gunzip (a truncated tail read as far as it goes). */
async function indexesOnDisk(): Promise<number[]> {
  const indexes: number[] = [];
  for (const name of (await readdir(dir)).sort()) {
    const text = gunzipSync(await readFile(join(dir, name)), {
      finishFlush: constants.Z_SYNC_FLUSH,
    }).toString();
    for (const line of text.split('\n'))
      if (line !== '') indexes.push((JSON.parse(line) as { index: number }).index);
  }
  return indexes;
}

async function exitNormally(mode: string): Promise<void> {
  const app = spawn(process.execPath, [APP, mode, dir, String(LINES)], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const [status] = await once(app, 'exit');
  expect(status).toBe(0);
  const names = (await readdir(dir)).sort();
  await promisify(execFile)('gzip', ['-t', ...names.map((name) => join(dir, name))]);
  const indexes = await indexesOnDisk();
  console.log(`${mode}: ${indexes.length} of ${LINES} lines in ${names.join(', ')} after a normal exit`);
  expect(indexes).toEqual(Array.from({ length: LINES }, (_, index) => index));
}

it('keeps every line and a valid gzip file when an in-process logger exits without closing', async () => {
  await exitNormally('in-process');
}, 60_000);

it('runs as a pino worker-thread target with no wrapper and keeps every line at exit', async () => {
  await exitNormally('target');
}, 60_000);

it('is at most maxPendingBytes behind when the process is killed, and the file is valid gzip', async () => {
  const app = spawn(process.execPath, [APP, 'in-process', dir, '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let logged = 0;
  let text = '';
  app.stdout.on('data', (chunk: Buffer) => {
    text += chunk.toString();
    const counts = [...text.matchAll(/logged (\d+)\n/g)];
    if (counts.length > 0) logged = Number(counts.at(-1)![1]);
    if (logged >= 100_000 && !app.killed) app.kill('SIGKILL');
  });
  const [, signal] = await once(app, 'exit');
  expect(signal).toBe('SIGKILL');
  const indexes = await indexesOnDisk();
  // Every line is over 60 bytes: maxPendingBytes (256 KiB) holds fewer than 4,370 of them.
  const behind = logged - indexes.length;
  console.log(`SIGKILL after ${logged} lines logged: ${indexes.length} on disk, ${behind} behind`);
  expect(behind).toBeLessThanOrEqual(Math.ceil((256 * 1024) / 60));
  expect(indexes).toEqual(Array.from({ length: indexes.length }, (_, index) => index));
  await promisify(execFile)('gzip', ['-t', join(dir, 'app.log.gz')]);
}, 60_000);
