// SPDX-License-Identifier: Apache-2.0
// uacce-gzip against the gzip command, both directions, spawning both.
import { chmod, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run, sample, scratch, uacceGzip } from './support/run';

let dir: string;
let remove: () => Promise<void>;
const data = sample(300_000);

beforeEach(async () => {
  ({ dir, remove } = await scratch());
  await writeFile(join(dir, 'data.txt'), data);
});
afterEach(() => remove());

async function present(name: string): Promise<boolean> {
  return stat(join(dir, name)).then(
    () => true,
    () => false,
  );
}

describe('compressing', () => {
  it('replaces a file with FILE.gz that gunzip restores, keeping its mode', async () => {
    await chmod(join(dir, 'data.txt'), 0o640);
    const ran = await uacceGzip(['data.txt'], dir);
    expect(ran.status).toBe(0);
    expect(await present('data.txt')).toBe(false);
    expect((await stat(join(dir, 'data.txt.gz'))).mode & 0o777).toBe(0o640);
    const gunzip = await run('gzip', ['-dc', 'data.txt.gz'], dir);
    expect(gunzip.status).toBe(0);
    expect(gunzip.stdout.equals(data)).toBe(true);
  });

  it('keeps the input with -k and writes stdout with -c', async () => {
    expect((await uacceGzip(['-k', 'data.txt'], dir)).status).toBe(0);
    expect(await present('data.txt')).toBe(true);
    const ran = await uacceGzip(['-c', 'data.txt'], dir);
    expect(ran.status).toBe(0);
    expect(await present('data.txt')).toBe(true);
    expect((await run('gzip', ['-dc'], dir, ran.stdout)).stdout.equals(data)).toBe(true);
  });

  it('compresses stdin to stdout', async () => {
    const ran = await uacceGzip([], dir, data);
    expect(ran.status).toBe(0);
    expect((await run('gzip', ['-dc'], dir, ran.stdout)).stdout.equals(data)).toBe(true);
  });

  it('honours the level: -9 is no larger than -1, gzip reads both', async () => {
    const fast = await uacceGzip(['-1c', 'data.txt'], dir);
    const best = await uacceGzip(['-9c', 'data.txt'], dir);
    expect(best.stdout.length).toBeLessThanOrEqual(fast.stdout.length);
    for (const output of [fast.stdout, best.stdout]) {
      expect((await run('gzip', ['-dc'], dir, output)).stdout.equals(data)).toBe(true);
    }
  });

  it('handles several files in one call', async () => {
    await writeFile(join(dir, 'second.txt'), sample(5000, 9));
    expect((await uacceGzip(['data.txt', 'second.txt'], dir)).status).toBe(0);
    expect((await run('gzip', ['-t', 'data.txt.gz', 'second.txt.gz'], dir)).status).toBe(0);
    expect((await run('gzip', ['-dc', 'second.txt.gz'], dir)).stdout.equals(sample(5000, 9))).toBe(true);
  });

  it('writes several files to stdout with -c as concatenated members', async () => {
    await writeFile(join(dir, 'second.txt'), sample(7000, 4));
    const ran = await uacceGzip(['-c', 'data.txt', 'second.txt'], dir);
    expect(ran.status).toBe(0);
    const both = await run('gzip', ['-dc'], dir, ran.stdout);
    expect(both.stdout.equals(Buffer.concat([data, sample(7000, 4)]))).toBe(true);
  });

  it('leaves an existing output alone without -f (warning status 2) and replaces it with -f', async () => {
    await writeFile(join(dir, 'data.txt.gz'), 'old');
    const refused = await uacceGzip(['data.txt'], dir);
    expect(refused.status).toBe(2);
    expect(await readFile(join(dir, 'data.txt.gz'), 'utf8')).toBe('old');
    expect(await present('data.txt')).toBe(true);
    expect((await uacceGzip(['-f', 'data.txt'], dir)).status).toBe(0);
    expect((await run('gzip', ['-dc', 'data.txt.gz'], dir)).stdout.equals(data)).toBe(true);
  });

  it('skips a file that already has the suffix, a directory and a missing file', async () => {
    await writeFile(join(dir, 'x.gz'), 'whatever');
    // gzip 1.12 says so and leaves the exit status alone (it is not a warning there).
    expect((await uacceGzip(['x.gz'], dir)).status).toBe(0);
    expect((await run('gzip', ['x.gz'], dir)).status).toBe(0);
    expect(await readFile(join(dir, 'x.gz'), 'utf8')).toBe('whatever');
    expect((await uacceGzip(['.'], dir)).status).toBe(2);
    expect((await uacceGzip(['missing'], dir)).status).toBe(1);
  });

  it('prints the ratio, the engine and the throughput with -v', async () => {
    const ran = await uacceGzip(['-v', '--engine=software', 'data.txt'], dir);
    expect(ran.status).toBe(0);
    expect(ran.stderr).toMatch(
      /^data\.txt:\t[ -]\d+\.\d% -- replaced with data\.txt\.gz \[software, [\d.]+ MB\/s\]\n$/,
    );
  });
});

describe('decompressing', () => {
  it('restores a file gzip compressed, and removes the .gz', async () => {
    expect((await run('gzip', ['data.txt'], dir)).status).toBe(0);
    const ran = await uacceGzip(['-d', 'data.txt.gz'], dir);
    expect(ran.status).toBe(0);
    expect(await present('data.txt.gz')).toBe(false);
    expect((await readFile(join(dir, 'data.txt'))).equals(data)).toBe(true);
  });

  it('prints the same -v ratio as gzip -dv for a file gzip made (name in the header)', async () => {
    expect((await run('gzip', ['-k', 'data.txt'], dir)).status).toBe(0);
    const theirs = await run('gzip', ['-dvc', 'data.txt.gz'], dir);
    const ours = await uacceGzip(['-dvc', 'data.txt.gz'], dir);
    const ratio = (text: string) => /:\t([ -]\d+\.\d%)/.exec(text)?.[1];
    expect(ratio(ours.stderr)).toBeDefined();
    expect(ratio(ours.stderr)).toBe(ratio(theirs.stderr));
  });

  it('decompresses stdin and concatenated members, at every gzip level', async () => {
    const members: Buffer[] = [];
    for (const level of ['-1', '-6', '-9'])
      members.push((await run('gzip', [level, '-c', 'data.txt'], dir)).stdout);
    const ran = await uacceGzip(['-d'], dir, Buffer.concat(members));
    expect(ran.status).toBe(0);
    expect(ran.stdout.equals(Buffer.concat([data, data, data]))).toBe(true);
  });

  it('tests integrity with -t: intact is 0, corrupt, truncated or not gzip is 1', async () => {
    const good = (await run('gzip', ['-c', 'data.txt'], dir)).stdout;
    const corrupt = Buffer.from(good);
    corrupt.fill(0xaa, 100, 200);
    await writeFile(join(dir, 'good.gz'), good);
    await writeFile(join(dir, 'corrupt.gz'), corrupt);
    await writeFile(join(dir, 'short.gz'), good.subarray(0, good.length >> 1));
    await writeFile(join(dir, 'plain.gz'), data);
    expect((await uacceGzip(['-t', 'good.gz'], dir)).status).toBe(0);
    expect((await uacceGzip(['-tv', 'good.gz'], dir)).stderr).toMatch(/^good\.gz:\t OK/);
    for (const name of ['corrupt.gz', 'short.gz', 'plain.gz']) {
      expect((await uacceGzip(['-t', name], dir)).status).toBe(1);
      expect((await run('gzip', ['-t', name], dir)).status).toBe(1);
    }
    expect(await present('good.gz')).toBe(true);
  });

  it('reports bad stdin and an empty file as gzip does, without crashing', async () => {
    const bad = await uacceGzip(['-d'], dir, Buffer.from('plain text, not gzip'));
    expect(bad.status).toBe(1);
    expect(bad.stderr).toBe('\nuacce-gzip: stdin: not in gzip format\n');
    await writeFile(join(dir, 'empty.gz'), '');
    const empty = await uacceGzip(['-t', 'empty.gz'], dir);
    expect(empty.status).toBe(1);
    expect(empty.stderr).toBe('\nuacce-gzip: empty.gz: unexpected end of file\n');
  });

  it('removes a partial output when the input is corrupt', async () => {
    const good = (await run('gzip', ['-c', 'data.txt'], dir)).stdout;
    await writeFile(join(dir, 'broken.txt.gz'), good.subarray(0, good.length - 100));
    expect((await uacceGzip(['-d', 'broken.txt.gz'], dir)).status).toBe(1);
    expect(await present('broken.txt')).toBe(false);
    expect(await present('broken.txt.gz')).toBe(true);
  });
});

describe('listing', () => {
  it('prints what gzip -l prints for files gzip made', async () => {
    await writeFile(join(dir, 'tiny'), 'hi\n');
    expect((await run('gzip', ['-k', 'data.txt', 'tiny'], dir)).status).toBe(0);
    for (const files of [['data.txt.gz'], ['data.txt.gz', 'tiny.gz']]) {
      const ours = await uacceGzip(['-l', ...files], dir);
      const theirs = await run('gzip', ['-l', ...files], dir);
      expect(ours.status).toBe(0);
      expect(ours.stdout.toString()).toBe(theirs.stdout.toString());
    }
  });

  it('lists our own output with the right uncompressed size', async () => {
    await uacceGzip(['-k', 'data.txt'], dir);
    const ours = (await uacceGzip(['-l', 'data.txt.gz'], dir)).stdout.toString();
    const theirs = (await run('gzip', ['-l', 'data.txt.gz'], dir)).stdout.toString();
    expect(ours).toBe(theirs);
    expect(ours).toContain(` ${data.length} `);
  });
});
