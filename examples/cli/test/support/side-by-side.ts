// SPDX-License-Identifier: Apache-2.0
// The same command line run by the system gzip and by uacce-gzip, each in a fresh directory
// prepared the same way, and what there is to compare afterwards.
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { type Ran, run, scratch, uacceGzip } from './run';

/** What one program did: status, stderr as gzip would word it, stdout, and the files it left. */
export interface Outcome {
  status: number | null;
  stderr: string;
  stdout: Buffer;
  /** Every path under the directory with its kind and, for a regular file, its content. */
  files: Record<string, string>;
  dir: string;
}

/**
 * stderr modulo the program's name, and without what only uacce-gzip's -v adds (the engine and
 * the throughput in brackets).
 */
export function asGzipWords(stderr: string): string {
  return stderr
    .replaceAll('uacce-gzip', 'gzip')
    .replaceAll(/ \[(?:emulated hardware|hardware|software), [\d.]+ MB\/s\]$/gm, '');
}

/** Content of a file as compared: a gzip file by what it decompresses to (names stored differ). */
async function describe(path: string): Promise<string> {
  const info = await lstat(path);
  if (info.isSymbolicLink()) return 'symlink';
  if (info.isDirectory()) return 'directory';
  const bytes = await readFile(path);
  if (path.endsWith('.gz') && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      return `gzip of ${JSON.stringify(gunzipSync(bytes).toString('latin1'))}`;
    } catch {
      return `bytes ${JSON.stringify(bytes.toString('latin1'))}`;
    }
  }
  return `bytes ${JSON.stringify(bytes.toString('latin1'))}`;
}

async function inventory(dir: string, prefix = ''): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const name of (await readdir(join(dir, prefix))).sort()) {
    const path = join(prefix, name);
    files[path] = await describe(join(dir, path));
    if (files[path] === 'directory') Object.assign(files, await inventory(dir, path));
  }
  return files;
}

async function outcome(ran: Ran, dir: string): Promise<Outcome> {
  return {
    status: ran.status,
    stderr: asGzipWords(ran.stderr),
    stdout: ran.stdout,
    files: await inventory(dir),
    dir,
  };
}

/** Prepares two directories with `setup`, runs `gzip args` in one and `uacce-gzip args` in the other. */
export async function sideBySide(
  args: string[],
  setup: (dir: string) => Promise<void>,
  options: { input?: Buffer; env?: NodeJS.ProcessEnv } = {},
): Promise<{ gzip: Outcome; ours: Outcome; remove(): Promise<void> }> {
  const theirs = await scratch();
  const mine = await scratch();
  await setup(theirs.dir);
  await setup(mine.dir);
  // No GZIP from the caller's environment unless the case sets one.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'GZIP'));
  const env = { ...inherited, ...options.env };
  const gzip = await outcome(await run('gzip', args, theirs.dir, options.input, env), theirs.dir);
  const ours = await outcome(await uacceGzip(args, mine.dir, options.input, env), mine.dir);
  return {
    gzip,
    ours,
    remove: async () => {
      await theirs.remove();
      await mine.remove();
    },
  };
}
