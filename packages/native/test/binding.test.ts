// SPDX-License-Identifier: Apache-2.0
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { loadEmulatorBinding, loadEmulatorNative } from '../src/emulator';
import {
  isNativeAvailable,
  loadedNativePath,
  loadNative,
  NativeLoadError,
  prebuildTarget,
} from '../src/index';
import { addonPath, makeFile, makeScratchDirectory } from './support';

const scratch = makeScratchDirectory('uacce-native-loader-');
afterAll(() => scratch.remove());
const savedOverride = process.env.UACCE_NATIVE_PATH;
afterEach(() => {
  if (savedOverride === undefined) delete process.env.UACCE_NATIVE_PATH;
  else process.env.UACCE_NATIVE_PATH = savedOverride;
});

function loadError(run: () => unknown): NativeLoadError {
  try {
    run();
  } catch (error) {
    if (error instanceof NativeLoadError) return error;
    throw error;
  }
  throw new Error('expected NativeLoadError');
}

describe('loadNative', () => {
  it('loads the built addon with every member of NativeBinding', () => {
    const native = loadNative();
    for (const name of [
      'open',
      'close',
      'ioctl',
      'mmap',
      'munmap',
      'mmioStore64',
      'mmioLoad32',
      'mmioLoad64',
      'readBarrier',
      'writeBarrier',
      'addressOf',
      'watchReadable',
      'pageSize',
    ]) {
      expect(typeof (native as unknown as Record<string, unknown>)[name]).toBe('function');
    }
    // The main addon is the queue's system calls alone: 13 functions, nothing for the emulator.
    expect(Object.keys(native).sort()).toHaveLength(13);
    for (const name of kEmulatorOnly) expect(name in native).toBe(false);
    expect(loadNative()).toBe(native);
    expect(isNativeAvailable()).toBe(true);
  });

  it('loads an override path given as an option', () => {
    expect(loadNative({ path: addonPath() }).pageSize()).toBeGreaterThan(0);
  });

  it('lists the path it tried when the override does not exist', () => {
    const missing = path.join(scratch.directory, 'missing.node');
    const error = loadError(() => loadNative({ path: missing }));
    expect(error.code).toBe('ERR_UACCE_NATIVE_UNAVAILABLE');
    expect(error.tried).toEqual([{ path: missing, reason: expect.any(String) }]);
  });

  it('reads UACCE_NATIVE_PATH at call time and reports a file that is not an addon', () => {
    const bogus = makeFile(scratch.directory, 'bogus.node', Buffer.from('not an ELF file'));
    process.env.UACCE_NATIVE_PATH = bogus;
    const error = loadError(() => loadNative());
    expect(error.tried.map((attempt) => attempt.path)).toEqual([bogus]);
    expect(isNativeAvailable()).toBe(false);
  });
});

const kEmulatorOnly = ['processVmRead', 'processVmWrite', 'setPtracer', 'peerPid'];
const packageDir = fileURLToPath(new URL('..', import.meta.url));

describe('@uacce/native/emulator', () => {
  it('loads the second addon with the four calls only the emulator makes', () => {
    const emulator = loadEmulatorNative();
    expect(Object.keys(emulator).sort()).toEqual([...kEmulatorOnly].sort());
    expect(emulator.peerPid).toBeTypeOf('function');
    const both = loadEmulatorBinding();
    expect(Object.keys(both)).toHaveLength(17);
    expect(both.pageSize()).toBe(loadNative().pageSize());
  });

  it('is looked for next to an overriding UACCE_NATIVE_PATH', () => {
    const bogus = makeFile(scratch.directory, 'override.node', Buffer.from('not an ELF file'));
    const error = loadError(() => loadEmulatorNative({ path: bogus }));
    expect(error.tried.map((attempt) => attempt.path)).toEqual([
      path.join(scratch.directory, 'uacce_native_emulator.node'),
    ]);
  });
});

describe('where the addon comes from', () => {
  it('prefers the prebuild of this platform, arch and libc', () => {
    expect(prebuildTarget()).toBe(`linux-${process.arch}-glibc`);
    const prebuild = path.join(packageDir, 'prebuilds', prebuildTarget(), 'uacce_native.node');
    expect(existsSync(prebuild)).toBe(true); // the package's build task makes it
    expect(loadedNativePath()).toBe(prebuild);
  });

  // A copy of the built package (dist, the local build, no source) so the real tree is untouched.
  function copyBuiltPackage(entries: string[]): string {
    const copy = mkdtempSync(path.join(tmpdir(), 'uacce-native-loader-copy-'));
    for (const entry of ['package.json', 'dist', ...entries]) {
      cpSync(path.join(packageDir, entry), path.join(copy, entry), { recursive: true });
    }
    return copy;
  }

  function loadInCopy(copy: string, env: Record<string, string> = {}) {
    const script =
      "import('./dist/index.js').then((m) => { try { m.loadNative(); console.log(JSON.stringify({ path: m.loadedNativePath() })); } catch (e) { console.log(JSON.stringify({ message: e.message, tried: e.tried })); } })";
    const result = spawnSync(process.execPath, ['-e', script], {
      cwd: copy,
      encoding: 'utf8',
      env: { ...process.env, UACCE_NATIVE_PATH: '', ...env },
    });
    return JSON.parse(result.stdout) as {
      path?: string;
      message?: string;
      tried?: { path: string; reason: string }[];
    };
  }

  it('falls back to the local build when no prebuild matches', () => {
    const copy = copyBuiltPackage(['build']);
    try {
      expect(loadInCopy(copy).path).toBe(path.join(copy, 'build', 'Release', 'uacce_native.node'));
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('says what it tried, without a repository path, and how pnpm 10 users run the install script', () => {
    const copy = copyBuiltPackage([]);
    try {
      const result = loadInCopy(copy);
      expect(result.tried?.map((attempt) => attempt.path)).toEqual([
        path.join(copy, 'prebuilds', prebuildTarget(), 'uacce_native.node'),
        path.join(copy, 'build', 'Release', 'uacce_native.node'),
      ]);
      expect(result.tried?.[0]?.reason).toBe(`no prebuild for ${prebuildTarget()} in this package`);
      expect(result.message).toContain('pnpm approve-builds');
      expect(result.message).not.toMatch(/packages\/native/);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('wins with UACCE_NATIVE_PATH over the prebuild', () => {
    const copy = copyBuiltPackage(['prebuilds', 'build']);
    try {
      const local = path.join(copy, 'build', 'Release', 'uacce_native.node');
      expect(loadInCopy(copy).path).toBe(path.join(copy, 'prebuilds', prebuildTarget(), 'uacce_native.node'));
      expect(loadInCopy(copy, { UACCE_NATIVE_PATH: local }).path).toBe(local);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
