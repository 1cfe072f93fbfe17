// SPDX-License-Identifier: Apache-2.0
// The Debian packages that the workspace's tests and scripts need on a fresh machine (curl, gzip,
// Chromium, the arm64 cross compiler, qemu-user, ...), installed by the project itself, never by
// hand. Turbo runs two packages' tests at once, and apt-get fails at once when another apt-get
// holds its locks, so every install goes through one flock(1) on a workspace-wide lock file:
// the second caller waits for the first, then finds its commands present or installs its own.
// Plain ESM so that node scripts (no TypeScript on Node 20) and vitest setups share it.
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const LOCK_FILE = join(tmpdir(), 'uacce-apt-get.lock');
const LOCK_WAIT_SECONDS = 900;

/** True when `program args...` starts and exits 0. */
export function commandRuns(program, args) {
  const result = spawnSync(program, args, { stdio: 'ignore' });
  return !result.error && result.status === 0;
}

/** The apt-get invocation: as root, or through password-less sudo; undefined when neither works. */
function aptGet() {
  if (!commandRuns('apt-get', ['--version'])) return undefined;
  if (process.getuid?.() === 0) return ['apt-get'];
  if (commandRuns('sudo', ['-n', 'true'])) return ['sudo', '-n', 'apt-get'];
  return undefined;
}

/**
 * Installs Debian packages with `apt-get update` then `apt-get install -y`, holding the
 * workspace's apt lock. Returns undefined on success, or why it could not install.
 */
export function installDebianPackages(packages, log = () => {}) {
  const apt = aptGet();
  if (!apt) return `apt-get cannot run as root here, so ${packages.join(', ')} cannot be installed`;
  log(`installing ${packages.join(' ')} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // DPkg::Lock::Timeout waits for apt-get runs outside this workspace; flock orders ours.
  const options = ['-o', 'DPkg::Lock::Timeout=600'];
  for (const step of [['update'], ['install', '-y', '--no-install-recommends', ...packages]]) {
    const result = spawnSync(
      'flock',
      ['-w', String(LOCK_WAIT_SECONDS), LOCK_FILE, ...apt, ...options, ...step],
      { env, encoding: 'utf8', timeout: (LOCK_WAIT_SECONDS + 600) * 1000 },
    );
    if (result.error) return `flock apt-get ${step[0]} could not run: ${result.error.message}`;
    if (result.status !== 0) {
      const last = result.stderr.trim().split('\n').pop() ?? '';
      return `apt-get ${step[0]} failed (exit ${result.status}): ${last}`;
    }
  }
  return undefined;
}

/**
 * Makes every command run, installing the Debian packages of the missing ones. Returns the
 * commands still missing afterwards (empty when all run) and, if an install failed, why.
 */
export function ensureCommands(commands, log) {
  const missing = commands.filter((command) => !commandRuns(command.name, command.probe));
  if (missing.length === 0) return { missing: [] };
  const reason = installDebianPackages([...new Set(missing.map((command) => command.debianPackage))], log);
  return { missing: missing.filter((command) => !commandRuns(command.name, command.probe)), reason };
}
