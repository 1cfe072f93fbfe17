// SPDX-License-Identifier: Apache-2.0
// Helpers shared by the tests: real kernel objects only.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadedNativePath } from '../src/index';

/** A directory on tmpfs when there is one (/dev/shm), so files are shared memory. */
export function makeScratchDirectory(prefix: string): { directory: string; remove(): void } {
  const base = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  const directory = mkdtempSync(path.join(base, prefix));
  return { directory, remove: () => rmSync(directory, { recursive: true, force: true }) };
}

/** A file of `size` zero bytes (or the given bytes). */
export function makeFile(directory: string, name: string, contents: number | Buffer): string {
  const file = path.join(directory, name);
  writeFileSync(file, typeof contents === 'number' ? Buffer.alloc(contents) : contents);
  return file;
}

/** How many lines of /proc/self/maps name `file`. */
export function mappingsOf(file: string): number {
  return readFileSync('/proc/self/maps', 'utf8')
    .split('\n')
    .filter((line) => line.endsWith(` ${file}`) || line.endsWith(` ${file} (deleted)`)).length;
}

/** How many fds this process has open. */
export function openFdCount(): number {
  return readdirSync('/proc/self/fd').length;
}

/** The error `run` throws (fails the test if it does not throw). */
export function thrown(run: () => unknown): Record<string, unknown> {
  try {
    run();
  } catch (error) {
    return error as Record<string, unknown>;
  }
  throw new Error('expected the call to throw');
}

/** Forces full collections and lets finalizer tasks run in between. */
export async function collectGarbage(rounds = 6): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc (see vitest.config.ts)');
  for (let round = 0; round < rounds; round++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** The path of the addon loadNative() loads (the prebuild, else the local build), for child processes and workers that load it directly. */
export function addonPath(): string {
  return loadedNativePath() ?? fileURLToPath(new URL('../build/Release/uacce_native.node', import.meta.url));
}
