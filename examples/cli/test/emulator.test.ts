// SPDX-License-Identifier: Apache-2.0
// uacce-gzip on the emulated accelerator (the emulator's variables passed to the command), its
// output read by gzip and gzip's output read by it.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type RunningEmulator, startEmulator } from '@uacce/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, sample, scratch, uacceGzip } from './support/run';

let emulator: RunningEmulator;
let dir: string;
let remove: () => Promise<void>;
let env: NodeJS.ProcessEnv;
const data = sample(400_000, 5);

beforeAll(async () => {
  emulator = await startEmulator();
  env = { ...process.env, ...emulator.env };
  ({ dir, remove } = await scratch());
  await writeFile(join(dir, 'data.txt'), data);
});
afterAll(async () => {
  await remove?.();
  await emulator?.stop();
});

describe('on the emulator', () => {
  it('compresses on emulated hardware, says so with -v, and gzip reads the result', async () => {
    const ran = await uacceGzip(['-kv', '--engine=hardware', 'data.txt'], dir, undefined, env);
    expect(ran.status).toBe(0);
    expect(ran.stderr).toMatch(/\[emulated hardware, [\d.]+ MB\/s\]/);
    const gunzip = await run('gzip', ['-dc', 'data.txt.gz'], dir);
    expect(gunzip.stdout.equals(data)).toBe(true);
  });

  it('decompresses what gzip made on emulated hardware', async () => {
    const gzipped = (await run('gzip', ['-9c', 'data.txt'], dir)).stdout;
    await writeFile(join(dir, 'from-gzip.gz'), gzipped);
    const ran = await uacceGzip(['-dv', '--engine=hardware', 'from-gzip.gz'], dir, undefined, env);
    expect(ran.status).toBe(0);
    expect(ran.stderr).toContain('emulated hardware');
    expect((await readFile(join(dir, 'from-gzip'))).equals(data)).toBe(true);
  });
});
