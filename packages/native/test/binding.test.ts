// SPDX-License-Identifier: Apache-2.0
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { isNativeAvailable, loadNative, NativeLoadError } from '../src/index';
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
      'processVmRead',
      'processVmWrite',
      'setPtracer',
      'peerPid',
      'pageSize',
    ]) {
      expect(typeof (native as unknown as Record<string, unknown>)[name]).toBe('function');
    }
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
