// SPDX-License-Identifier: Apache-2.0
// The one module that loads the addons: lazily, at the first call. Where from, in order: an
// override path (the option, then UACCE_NATIVE_PATH), which wins alone; else the prebuild of this
// platform, arch and libc shipped in the package (prebuilds/linux-x64-glibc/...); else the local
// build of the install script (build/Release). The same relative paths work from src/ (vitest)
// and from dist/ (the published build): both sit one level below the package root.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { markAsUntransferable } from 'node:worker_threads';
import { type NativeLoadAttempt, NativeLoadError } from './errors';
import type { NativeBinding } from './types';

export interface LoadNativeOptions {
  /** Absolute path of a `uacce_native.node` to load instead of the prebuilt or built one. */
  path?: string;
}

/** The two addons of the package: the one every user loads, and the emulator's. */
export type AddonName = 'uacce_native' | 'uacce_native_emulator';

const kLoaded = new Map<string, unknown>();

export function packageRoot(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
}

/** 'glibc' or 'musl': the C library this process runs on (from its own memory map). */
export function currentLibc(): 'glibc' | 'musl' {
  try {
    return readFileSync('/proc/self/maps', 'utf8').includes('/ld-musl-') ? 'musl' : 'glibc';
  } catch {
    return 'glibc';
  }
}

/** The prebuild directory name of this process: `linux-arm64-glibc`, `linux-x64-musl`, ... */
export function prebuildTarget(): string {
  return `${process.platform}-${process.arch}-${process.platform === 'linux' ? currentLibc() : 'unknown'}`;
}

/** The file of the prebuilt addon `name` for this process in the package at `root`. */
export function prebuildPath(name: AddonName = 'uacce_native', root = packageRoot()): string {
  return path.join(root, 'prebuilds', prebuildTarget(), `${name}.node`);
}

/** The file of the install script's local build of `name`. */
export function localBuildPath(name: AddonName = 'uacce_native', root = packageRoot()): string {
  return path.join(root, 'build', 'Release', `${name}.node`);
}

/** Why the local build under `root` is missing, from the install script's build/status.json. */
export function describeMissingBuild(root: string): string {
  const statusFile = path.join(root, 'build', 'status.json');
  try {
    const status = JSON.parse(readFileSync(statusFile, 'utf8')) as {
      ok?: boolean;
      code?: string;
      reason?: string;
    };
    if (status.code === 'PREBUILT') return 'not built: the install script found the prebuild loadable';
    if (status.ok === false && status.reason) return `the install script did not build it: ${status.reason}`;
    return 'not built';
  } catch {
    return (
      'not built: the install script of @uacce/native has not run (pnpm 10 runs it only once ' +
      'allowed: `pnpm approve-builds`, then reinstall)'
    );
  }
}

function candidates(name: AddonName, options: LoadNativeOptions | undefined): string[] {
  const override = options?.path ?? process.env.UACCE_NATIVE_PATH;
  if (override) {
    const file = path.resolve(override);
    // The emulator's addon is looked for next to an overriding main addon.
    return [name === 'uacce_native' ? file : path.join(path.dirname(file), `${name}.node`)];
  }
  return [prebuildPath(name), localBuildPath(name)];
}

function missingReason(file: string, name: AddonName): string {
  if (file === prebuildPath(name)) return `no prebuild for ${prebuildTarget()} in this package`;
  if (file === localBuildPath(name)) return describeMissingBuild(packageRoot());
  return 'no such file';
}

/**
 * Loads (once per file) the addon `name` from the first place that works, recording in `tried`
 * every place that did not and why.
 */
export function loadAddon<T>(
  name: AddonName,
  options: LoadNativeOptions | undefined,
  wrap: (addon: T) => T,
): T {
  const tried: NativeLoadAttempt[] = [];
  for (const file of candidates(name, options)) {
    const cached = kLoaded.get(file);
    if (cached) return cached as T;
    if (!existsSync(file)) {
      tried.push({ path: file, reason: missingReason(file, name) });
      continue;
    }
    try {
      const addon = wrap(createRequire(import.meta.url)(file) as T);
      kLoaded.set(file, addon);
      return addon;
    } catch (error) {
      tried.push({ path: file, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  throw new NativeLoadError(tried);
}

/** Which file loadNative() would load now, or undefined when none loads (never throws). */
export function loadedNativePath(options?: LoadNativeOptions): string | undefined {
  try {
    const binding = loadNative(options);
    for (const [file, addon] of kLoaded) if (addon === binding) return file;
  } catch {
    // reported by loadNative's own error
  }
  return undefined;
}

// A mapping's ArrayBuffer belongs to the environment that mapped it (its teardown unmaps it), so
// postMessage must copy it rather than move it to another thread.
function withUntransferableMappings(addon: NativeBinding): NativeBinding {
  return Object.freeze({
    ...addon,
    mmap(fd: number, length: number, offset: number): ArrayBuffer {
      const mapping = addon.mmap(fd, length, offset);
      markAsUntransferable(mapping);
      return mapping;
    },
  });
}

/**
 * Loads (once per path) and returns the binding.
 * @throws NativeLoadError (ERR_UACCE_NATIVE_UNAVAILABLE) listing every path tried and why.
 */
export function loadNative(options?: LoadNativeOptions): NativeBinding {
  return loadAddon<NativeBinding>('uacce_native', options, withUntransferableMappings);
}

/** True when loadNative() (with the default or UACCE_NATIVE_PATH) succeeds; never throws. */
export function isNativeAvailable(): boolean {
  try {
    loadNative();
    return true;
  } catch (error) {
    if (error instanceof NativeLoadError) return false;
    throw error;
  }
}
