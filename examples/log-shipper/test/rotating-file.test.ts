// SPDX-License-Identifier: Apache-2.0
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileTransport } from '../src/file-transport';
import { RotatingGzipFile } from '../src/rotating-file';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'uacce-rotate-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function files(): Promise<string[]> {
  return (await readdir(dir)).sort();
}

async function linesOf(name: string): Promise<string[]> {
  return gunzipSync(await readFile(join(dir, name)))
    .toString()
    .split('\n')
    .filter((line) => line !== '');
}

describe('RotatingGzipFile', () => {
  it('rotates at maxBytes into complete gzip files, oldest first, that gzip -t accepts', async () => {
    const sink = new RotatingGzipFile({ dir, name: 'app', maxBytes: 10_000, maxFiles: 100 });
    const written: string[] = [];
    for (let index = 0; index < 1000; index += 1) {
      const line = JSON.stringify({ index, message: 'rotating' });
      written.push(line);
      await sink.write(`${line}\n`);
    }
    await sink.close();
    const names = await files();
    expect(names.length).toBeGreaterThan(3);
    expect(names.at(-1)).toBe('app.log.gz');
    const rotated = names.slice(0, -1);
    const read: string[] = [];
    for (const name of [...rotated, 'app.log.gz']) read.push(...(await linesOf(name)));
    expect(read).toEqual(written);
    await promisify(execFile)('gzip', ['-t', ...names.map((name) => join(dir, name))]);
  });

  it('keeps only the newest maxFiles rotated files', async () => {
    const sink = new RotatingGzipFile({ dir, maxBytes: 1000, maxFiles: 2 });
    for (let index = 0; index < 500; index += 1) await sink.write(`${JSON.stringify({ index })}\n`);
    await sink.close();
    const names = await files();
    expect(names.filter((name) => /^app\.\d{10}\.log\.gz$/.test(name))).toHaveLength(2);
    const last = await linesOf('app.log.gz');
    expect(JSON.parse(last.at(-1)!)).toEqual({ index: 499 });
  });

  it('moves a file left by an earlier run into the rotated set instead of overwriting it', async () => {
    await writeFile(join(dir, 'app.log.gz'), 'an earlier run');
    const sink = new RotatingGzipFile({ dir });
    await sink.write('new\n');
    await sink.close();
    expect(await files()).toEqual(['app.0000000000.log.gz', 'app.log.gz']);
    expect(await readFile(join(dir, 'app.0000000000.log.gz'), 'utf8')).toBe('an earlier run');
    expect(await linesOf('app.log.gz')).toEqual(['new']);
  });

  it('works as a pino transport', async () => {
    const stream = createFileTransport({ dir, maxBytes: 5000 });
    const logger = pino({ base: undefined }, stream);
    for (let index = 0; index < 300; index += 1) logger.info({ index });
    const closed = once(stream, 'close');
    stream.end();
    await closed;
    const read: string[] = [];
    for (const name of await files()) read.push(...(await linesOf(name)));
    const indexes = read.map((line) => (JSON.parse(line) as { index: number }).index).sort((a, b) => a - b);
    expect(indexes).toEqual(Array.from({ length: 300 }, (_, index) => index));
  });

  it('rejects a bad size with ERR_OUT_OF_RANGE and writes after close with ERR_UACCE_QUEUE_CLOSED', async () => {
    expect(() => new RotatingGzipFile({ dir, maxBytes: 0 })).toThrow(
      expect.objectContaining({ code: 'ERR_OUT_OF_RANGE' }),
    );
    const sink = new RotatingGzipFile({ dir });
    await sink.close();
    await expect(sink.write('x\n')).rejects.toMatchObject({ code: 'ERR_UACCE_QUEUE_CLOSED' });
  });
});
