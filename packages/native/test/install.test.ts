// SPDX-License-Identifier: Apache-2.0
// The install script on a copy of the package, so the real build/ is never touched.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { describeMissingBuild } from '../src/binding';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
let copies: string[] = [];
afterEach(() => {
  for (const copy of copies) rmSync(copy, { recursive: true, force: true });
  copies = [];
});

function copyPackage(): string {
  const copy = mkdtempSync(path.join(tmpdir(), 'uacce-native-install-'));
  copies.push(copy);
  for (const entry of ['binding.gyp', 'addon', 'scripts', 'package.json']) {
    cpSync(path.join(packageDir, entry), path.join(copy, entry), { recursive: true });
  }
  symlinkSync(path.join(packageDir, 'node_modules'), path.join(copy, 'node_modules'));
  return copy;
}

function runInstall(copy: string, env: Record<string, string>) {
  const result = spawnSync(process.execPath, ['scripts/install.mjs'], {
    cwd: copy,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  const statusFile = path.join(copy, 'build', 'status.json');
  const status = existsSync(statusFile) ? JSON.parse(readFileSync(statusFile, 'utf8')) : undefined;
  return {
    ...result,
    status: result.status,
    buildStatus: status as { ok: boolean; reason: string } | undefined,
  };
}

describe('scripts/install.mjs', () => {
  it('never fails the install when the compiler is missing, and says why once', () => {
    const copy = copyPackage();
    const result = runInstall(copy, { CXX: '/nonexistent/uacce-c++', CC: '/nonexistent/uacce-cc' });
    expect(result.status).toBe(0);
    expect(result.buildStatus?.ok).toBe(false);
    expect(result.buildStatus?.reason).toContain('/nonexistent/uacce-c');
    expect(result.stderr.match(/@uacce\/native:/g)).toHaveLength(1);
    expect(result.stderr).toContain(result.buildStatus?.reason);
    expect(result.stdout).toBe('');
    expect(existsSync(path.join(copy, 'build', 'install.log'))).toBe(true);
    expect(existsSync(path.join(copy, 'build', 'Release', 'uacce_native.node'))).toBe(false);
    // The loader repeats the same reason.
    expect(describeMissingBuild(copy)).toContain(result.buildStatus?.reason);
  });

  it('records a skipped build', () => {
    const copy = copyPackage();
    const result = runInstall(copy, { UACCE_NATIVE_SKIP_BUILD: '1' });
    expect(result.status).toBe(0);
    expect(result.buildStatus).toMatchObject({ ok: false, reason: 'UACCE_NATIVE_SKIP_BUILD is set' });
  });

  it('tells the loader when nothing was ever built', () => {
    const copy = copyPackage();
    expect(describeMissingBuild(copy)).toMatch(/^not built/);
  });
});
