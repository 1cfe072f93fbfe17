// SPDX-License-Identifier: Apache-2.0
// The install script on a copy of the package, so the real build/ is never touched.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
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
    buildStatus: status as BuildStatus | undefined,
  };
}

type BuildStatus = { ok: boolean; code: string; reason: string; missing?: string[] };

/** The install script's contract when it cannot build: exit 0, one notice on stderr, no addon. */
function expectGracefulFailure(copy: string, result: ReturnType<typeof runInstall>): BuildStatus {
  expect(result.status).toBe(0);
  const status = result.buildStatus as BuildStatus;
  expect(status.ok).toBe(false);
  expect(result.stderr.match(/@uacce\/native:/g)).toHaveLength(1);
  expect(result.stderr).toContain(status.reason);
  expect(result.stdout).toBe('');
  expect(existsSync(path.join(copy, 'build', 'Release', 'uacce_native.node'))).toBe(false);
  // The loader repeats the same reason.
  expect(describeMissingBuild(copy)).toContain(status.reason);
  return status;
}

describe('scripts/install.mjs', () => {
  it('never fails the install when the compiler named by CXX is missing, and says why once', () => {
    const copy = copyPackage();
    const result = runInstall(copy, { CXX: '/nonexistent/uacce-c++', CC: '/nonexistent/uacce-cc' });
    const status = expectGracefulFailure(copy, result);
    expect(status).toMatchObject({ code: 'NO_TOOLCHAIN', missing: ['/nonexistent/uacce-c++'] });
  });

  it('names every tool when PATH has no compiler, make or Python', () => {
    const copy = copyPackage();
    const emptyBin = path.join(copy, 'empty-bin');
    mkdirSync(emptyBin);
    const result = runInstall(copy, { PATH: emptyBin, CXX: '', PYTHON: '', npm_config_python: '' });
    const status = expectGracefulFailure(copy, result);
    expect(status).toMatchObject({ code: 'NO_TOOLCHAIN', missing: ['g++', 'make', 'python3'] });
  });

  it('names Python alone when the compiler and make are there', () => {
    const copy = copyPackage();
    const bin = path.join(copy, 'bin-without-python');
    mkdirSync(bin);
    for (const tool of ['g++', 'make']) {
      const found = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
      if (found) symlinkSync(found, path.join(bin, tool));
    }
    const result = runInstall(copy, { PATH: bin, CXX: '', PYTHON: '', npm_config_python: '' });
    const status = expectGracefulFailure(copy, result);
    expect(status.code).toBe('NO_TOOLCHAIN');
    expect(status.missing).toContain('python3');
  });

  it('reports a compiler that fails without a diagnostic, keeping the full log', () => {
    const copy = copyPackage();
    const result = runInstall(copy, { CXX: '/bin/false' });
    const status = expectGracefulFailure(copy, result);
    expect(status.code).toBe('BUILD_FAILED');
    expect(existsSync(path.join(copy, 'build', 'install.log'))).toBe(true);
  });

  it('records a skipped build', () => {
    const copy = copyPackage();
    const result = runInstall(copy, { UACCE_NATIVE_SKIP_BUILD: '1' });
    expect(result.status).toBe(0);
    expect(result.buildStatus).toMatchObject({ ok: false, code: 'SKIPPED' });
  });

  it('tells the loader when nothing was ever built', () => {
    const copy = copyPackage();
    expect(describeMissingBuild(copy)).toMatch(/^not built/);
  });

  it('loads the prebuild and builds nothing when one matches (no compiler needed)', () => {
    const copy = copyPackage();
    cpSync(path.join(packageDir, 'prebuilds'), path.join(copy, 'prebuilds'), { recursive: true });
    const result = runInstall(copy, { CXX: '/bin/false', PATH: path.join(copy, 'nothing') });
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.buildStatus).toMatchObject({ ok: true, code: 'PREBUILT' });
    expect(existsSync(path.join(copy, 'build', 'Release'))).toBe(false);
  });

  it('says what it tried and that node-gyp is missing, when there is no prebuild and no node-gyp', () => {
    const copy = copyPackage();
    rmSync(path.join(copy, 'node_modules'));
    const bin = path.join(copy, 'toolchain');
    mkdirSync(bin);
    for (const tool of ['g++', 'make', 'python3']) {
      const found = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
      if (found) symlinkSync(found, path.join(bin, tool));
    }
    // pnpm's scripts set NODE_PATH to its store, where the workspace's node-gyp is: not for this user.
    const result = runInstall(copy, { PATH: bin, CXX: '', npm_config_node_gyp: '', NODE_PATH: '' });
    const status = expectGracefulFailure(copy, result);
    expect(status.code).toBe('NO_NODE_GYP');
    expect(result.stderr).toContain(`no prebuild for linux-${process.arch}-glibc in this package`);
    expect(result.stderr).not.toMatch(/packages\/native/);
  });
});
