// SPDX-License-Identifier: Apache-2.0
// The built uacce-gzip under a real pseudo-terminal (`script` from util-linux allocates one and
// runs the command in it): the bar appears for a large input when stderr is that terminal, and
// not when stderr is redirected to a file. `script` sizes nothing here (its own stdin is not a
// terminal), so the pty reports 0 columns, as some CI runners' ttys do.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROGRESS_THRESHOLD } from '../src/progress';
import { BIN, run, sample, scratch } from './support/run';

let dir: string;
let remove: () => Promise<void>;
const data = sample(PROGRESS_THRESHOLD + 1024 * 1024, 11);

beforeEach(async () => {
  ({ dir, remove } = await scratch());
  await writeFile(join(dir, 'large.bin'), data);
});
afterEach(() => remove());

/** Single-quotes a word for the shell `script -c` runs the command with. */
function quote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** Runs `command` in a fresh pty; resolves with what the pty showed and the command's status. */
function inTerminal(command: string) {
  // -q: no banner; -e: the command's exit status; /dev/null: no typescript file.
  return run('script', ['-q', '-e', '-c', command, '/dev/null'], dir);
}

describe('on a real terminal', () => {
  it('draws a progress bar for a large input and leaves a file gzip reads', async () => {
    const ran = await inTerminal(`${quote(process.execPath)} ${quote(BIN)} -k large.bin`);
    expect(ran.status).toBe(0);
    const screen = ran.stdout.toString();
    expect(screen).toContain('\rlarge.bin [');
    expect(screen).toContain('100%');
    expect(gunzipSync(await readFile(join(dir, 'large.bin.gz'))).equals(data)).toBe(true);
  });

  it('draws nothing when stderr is redirected away from the terminal', async () => {
    const ran = await inTerminal(`${quote(process.execPath)} ${quote(BIN)} -k large.bin 2>stderr.txt`);
    expect(ran.status).toBe(0);
    expect(ran.stdout.toString()).not.toContain('%');
    expect(await readFile(join(dir, 'stderr.txt'), 'utf8')).toBe('');
    expect(gunzipSync(await readFile(join(dir, 'large.bin.gz'))).equals(data)).toBe(true);
  });
});
