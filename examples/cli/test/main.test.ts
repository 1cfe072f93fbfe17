// SPDX-License-Identifier: Apache-2.0
// The program in-process, with fake terminals: what only a TTY shows.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../src/io';
import { main } from '../src/main';
import { PROGRESS_THRESHOLD, ProgressBar, renderProgress, wantsProgress } from '../src/progress';
import { sample, scratch } from './support/run';

interface FakeIo extends CliIo {
  out(): Buffer;
  err(): string;
}

function fakeIo(
  tty: { stdout?: boolean; stderr?: boolean; columns?: number },
  input = Buffer.alloc(0),
): FakeIo {
  const stdout = Object.assign(new PassThrough(), { isTTY: tty.stdout });
  const stderr = Object.assign(new PassThrough(), { isTTY: tty.stderr, columns: tty.columns ?? 80 });
  const outChunks: Buffer[] = [];
  const errChunks: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => outChunks.push(chunk));
  stderr.on('data', (chunk: Buffer) => errChunks.push(chunk));
  return {
    stdin: Readable.from([input]),
    stdout,
    stderr,
    env: {},
    out: () => Buffer.concat(outChunks),
    err: () => Buffer.concat(errChunks).toString(),
  };
}

let dir: string;
let remove: () => Promise<void>;
beforeEach(async () => {
  ({ dir, remove } = await scratch());
});
afterEach(() => remove());

describe('terminal behaviour', () => {
  it('refuses to write compressed data to a terminal without -f', async () => {
    const io = fakeIo({ stdout: true }, Buffer.from('hello'));
    expect(await main([], io)).toBe(1);
    expect(io.out().length).toBe(0);
    const forced = fakeIo({ stdout: true }, Buffer.from('hello'));
    expect(await main(['-f'], forced)).toBe(0);
    expect(gunzipSync(forced.out()).toString()).toBe('hello');
  });

  it('refuses to read compressed data from a terminal without -f', async () => {
    const io = fakeIo({});
    Object.assign(io.stdin, { isTTY: true });
    expect(await main(['-d'], io)).toBe(1);
    expect(io.err()).toContain('terminal');
  });

  it('draws a progress bar for a large file when stderr is a terminal', async () => {
    const path = join(dir, 'large.bin');
    await writeFile(path, sample(PROGRESS_THRESHOLD));
    const io = fakeIo({ stderr: true });
    expect(await main(['-k', path], io)).toBe(0);
    expect(io.err()).toContain('100%');
    expect(io.err()).toContain(`[${'#'.repeat(10)}`);
    expect(gunzipSync(await readFile(`${path}.gz`)).equals(sample(PROGRESS_THRESHOLD))).toBe(true);
  });

  it('draws the bar on a terminal that reports no size (0 columns), and still compresses', async () => {
    const path = join(dir, 'large.bin');
    await writeFile(path, sample(PROGRESS_THRESHOLD));
    const io = fakeIo({ stderr: true, columns: 0 });
    expect(await main(['-k', path], io)).toBe(0);
    expect(io.err()).toContain('100%');
    expect(gunzipSync(await readFile(`${path}.gz`)).equals(sample(PROGRESS_THRESHOLD))).toBe(true);
  });

  it('draws nothing when stderr is not a terminal', async () => {
    const path = join(dir, 'large.bin');
    await writeFile(path, sample(PROGRESS_THRESHOLD));
    const io = fakeIo({ stderr: false });
    expect(await main(['-k', path], io)).toBe(0);
    expect(io.err()).toBe('');
  });

  it('reports usage errors with status 1', async () => {
    const io = fakeIo({});
    expect(await main(['--engine=warp'], io)).toBe(1);
    expect(io.err()).toContain('--help');
  });

  it('prints help and version', async () => {
    const io = fakeIo({});
    expect(await main(['--help'], io)).toBe(0);
    expect(io.out().toString()).toContain('--engine');
  });
});

describe('progress', () => {
  it.each([
    [0, 100, '  0%'],
    [50, 100, ' 50%'],
    [100, 100, '100%'],
  ])('renders %i of %i', (done, total, percent) => {
    const line = renderProgress('file', done, total, 60);
    expect(line.endsWith(percent)).toBe(true);
    expect(line.length).toBeLessThanOrEqual(60);
  });

  it('decides on terminal, size and quiet', () => {
    expect(wantsProgress({ isTTY: true, write: () => true }, PROGRESS_THRESHOLD, false)).toBe(true);
    expect(wantsProgress({ isTTY: true, write: () => true }, PROGRESS_THRESHOLD - 1, false)).toBe(false);
    expect(wantsProgress({ isTTY: true, write: () => true }, undefined, false)).toBe(false);
    expect(wantsProgress({ isTTY: false, write: () => true }, PROGRESS_THRESHOLD, false)).toBe(false);
    expect(wantsProgress({ isTTY: true, write: () => true }, PROGRESS_THRESHOLD, true)).toBe(false);
  });

  it('passes bytes through unchanged and redraws at most once per percent', async () => {
    const drawn: string[] = [];
    const bar = new ProgressBar('x', 1000, { write: (text) => drawn.push(text), columns: 80 });
    const chunks: Buffer[] = [];
    bar.on('data', (chunk: Buffer) => chunks.push(chunk));
    for (let index = 0; index < 1000; index += 1) bar.write(Buffer.from([index & 0xff]));
    bar.end();
    await new Promise((resolve) => bar.on('end', resolve));
    expect(Buffer.concat(chunks).length).toBe(1000);
    expect(drawn.length).toBeLessThanOrEqual(102);
  });
});
