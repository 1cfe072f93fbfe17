// SPDX-License-Identifier: Apache-2.0
// A vitest global setup for packages whose tests spawn commands that run from dist/: builds the
// workspace dependencies when their dist is missing (through turbo), and the package under test
// (vitest's working directory) when a source is newer than its build.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = process.cwd();
const name = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string }).name;

function newest(directory: string): number {
  let latest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

function builtAt(): number {
  try {
    return statSync(join(root, 'dist', 'index.js')).mtimeMs;
  } catch {
    return 0;
  }
}

const DEPENDENCIES = ['abi', 'native', 'qm', 'zip', 'stream', 'emulator'];

function run(command: string, args: string[], cwd: string): void {
  execFileSync(command, args, { cwd, stdio: 'inherit', timeout: 300_000 });
}

export default function setup(): void {
  const workspace = join(root, '..', '..');
  const missing = DEPENDENCIES.some(
    (name) => !existsSync(join(workspace, 'packages', name, 'dist', 'index.js')),
  );
  if (missing) {
    // turbo needs pnpm on PATH, which `pnpm exec` provides.
    const filter = `--filter=${name}^...`;
    run(
      'npx',
      ['--yes', 'pnpm@10.34.8', 'exec', 'turbo', 'run', 'build', filter, '--output-logs=errors-only'],
      workspace,
    );
  }
  if (builtAt() <= newest(join(root, 'src'))) run('npx', ['tsup'], root);
}
