// SPDX-License-Identifier: Apache-2.0
// Spawning the built uacce-gzip and the system gzip, asynchronously and with a deadline.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'uacce-gzip.js');

export interface Ran {
  status: number | null;
  stdout: Buffer;
  stderr: string;
}

/** Runs a command in `cwd` with `input` on stdin; resolves when it exits (killed after 20 s). */
export function run(
  command: string,
  args: string[],
  cwd: string,
  input?: Buffer,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: 'pipe', timeout: 20_000 });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (status) =>
      resolve({ status, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr).toString() }),
    );
    child.stdin.on('error', () => {});
    child.stdin.end(input);
  });
}

/** Runs uacce-gzip (the built bin). */
export function uacceGzip(
  args: string[],
  cwd: string,
  input?: Buffer,
  env?: NodeJS.ProcessEnv,
): Promise<Ran> {
  return run(process.execPath, [BIN, ...args], cwd, input, env);
}

/** A fresh temporary directory and its removal. */
export async function scratch(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'uacce-gzip-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Deterministic data: compressible text with some noise, `size` bytes. */
export function sample(size: number, seed = 1): Buffer {
  const out = Buffer.alloc(size);
  let state = seed;
  for (let index = 0; index < size; index += 1) {
    state = (state * 1103515245 + 12345) >>> 0;
    out[index] = state % 7 === 0 ? 32 + ((state >>> 16) % 90) : 97 + (index % 13);
  }
  return out;
}
