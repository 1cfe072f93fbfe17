// SPDX-License-Identifier: Apache-2.0
// Spawned commands run from dist/: build this package (and its workspace dependencies, through
// turbo's cache) when a source is newer than the build.
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

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
    return statSync(join(root, 'dist', 'cli.js')).mtimeMs;
  } catch {
    return 0;
  }
}

export default function setup(): void {
  if (builtAt() > newest(join(root, 'src'))) return;
  execFileSync(
    'npx',
    ['turbo', 'run', 'build', '--filter=@uacce/example-cli...', '--output-logs=errors-only'],
    {
      cwd: join(root, '..', '..'),
      stdio: 'inherit',
      timeout: 300_000,
    },
  );
}
