// SPDX-License-Identifier: Apache-2.0
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { UacceArgumentError } from '@uacce/abi';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GzipBatch } from '../src/batch';
import { resolveShipperOptions } from '../src/options';
import { backoffDelay } from '../src/retry';
import { DiskSpool } from '../src/spool';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'uacce-spool-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function sealed(lines: string[]) {
  const batch = new GzipBatch({ level: 6 });
  for (const line of lines) await batch.add(`${line}\n`);
  return batch.seal();
}

describe('GzipBatch', () => {
  it('is one gzip member holding every line', async () => {
    const lines = Array.from({ length: 500 }, (_, index) => JSON.stringify({ index }));
    const batch = await sealed(lines);
    expect(batch.lines).toBe(500);
    expect(gunzipSync(batch.body).toString()).toBe(lines.map((line) => `${line}\n`).join(''));
    expect(batch.bytes).toBe(Buffer.byteLength(lines.join('\n')) + 1);
  });

  it('settles an add() that waits for the compressor when the batch is sealed meanwhile (the age timer)', async () => {
    const batch = new GzipBatch({ level: 6 });
    // Far more than the compressor's highWaterMark in one write: add() has to wait for room.
    const line = `${'x'.repeat(256 * 1024)}\n`;
    let added = false;
    const adding = batch.add(line).then(() => {
      added = true;
    });
    expect(added).toBe(false);
    const sealing = batch.seal();
    const deadline = new Promise((_, reject) =>
      setTimeout(() => reject(new Error('add() never settled')), 5000),
    );
    await Promise.race([Promise.all([adding, sealing]), deadline]);
    expect(added).toBe(true);
    expect(gunzipSync((await sealing).body).toString()).toBe(line);
  });
});

describe('DiskSpool', () => {
  it('returns batches oldest first and continues the sequence after a reopen', async () => {
    const first = new DiskSpool(dir);
    const a = await sealed(['a']);
    const b = await sealed(['b']);
    await first.put(a);
    await first.put(b);
    const second = new DiskSpool(dir);
    await second.open();
    const c = await sealed(['c']);
    await second.put(c);
    const listed = await second.list();
    expect(listed.map((entry) => entry.id)).toEqual([a.id, b.id, c.id]);
    expect(gunzipSync(await second.read(listed[2]!)).toString()).toBe('c\n');
    await second.remove(listed[0]!);
    expect((await second.list()).length).toBe(2);
  });

  it('ignores temporary files a crash left behind', async () => {
    const spool = new DiskSpool(dir);
    await spool.open();
    await writeFile(join(dir, '.0000000000000000-x.ndjson.gz.tmp'), 'partial');
    expect(await spool.list()).toEqual([]);
  });

  it('moves rejected batches aside', async () => {
    const spool = new DiskSpool(dir);
    const entry = await spool.put(await sealed(['x']));
    await spool.reject(entry);
    expect(await spool.list()).toEqual([]);
    expect(await readdir(join(dir, 'rejected'))).toEqual([entry.file]);
  });
});

describe('backoffDelay', () => {
  it.each([
    [0, 100],
    [1, 200],
    [3, 800],
    [10, 5000],
    [100, 5000],
  ])('retry %i waits below %i ms', (attempt, ceiling) => {
    const backoff = { baseMs: 100, maxMs: 5000 };
    expect(backoffDelay(attempt, backoff, () => 0.999_999)).toBe(ceiling - 1);
    expect(backoffDelay(attempt, backoff, () => 0)).toBe(0);
  });
});

describe('resolveShipperOptions', () => {
  it.each([
    [{ url: 1, spoolDir: dir }, 'ERR_INVALID_ARG_TYPE'],
    [{ url: 'http://127.0.0.1/', spoolDir: '/tmp', maxBatchBytes: 0 }, 'ERR_OUT_OF_RANGE'],
    [{ url: 'http://127.0.0.1/', spoolDir: '/tmp', retryBaseMs: -1 }, 'ERR_OUT_OF_RANGE'],
  ])('rejects %j with %s', (options, code) => {
    try {
      resolveShipperOptions(options as never);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(UacceArgumentError);
      expect((error as UacceArgumentError).code).toBe(code);
    }
  });
});
