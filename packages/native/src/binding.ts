// SPDX-License-Identifier: Apache-2.0
// The one module that loads the addon: lazily, at the first call, from an override path (the
// option, then UACCE_NATIVE_PATH) or from build/Release next to this package. The same relative
// path works from src/ (vitest) and from dist/ (the published build): both sit one level below
// the package root.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { markAsUntransferable } from 'node:worker_threads';
import { type NativeLoadAttempt, NativeLoadError } from './errors';
import type { NativeBinding } from './types';

export interface LoadNativeOptions {
  /** Absolute path of a `uacce_native.node` to load instead of the built one. */
  path?: string;
}

const kLoaded = new Map<string, NativeBinding>();

function packageRoot(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
}

/** Why the build under `root` is missing, from the install script's build/status.json. */
export function describeMissingBuild(root: string): string {
  const statusFile = path.join(root, 'build', 'status.json');
  try {
    const status = JSON.parse(readFileSync(statusFile, 'utf8')) as { ok?: boolean; reason?: string };
    if (status.ok === false && status.reason) return `the install script did not build it: ${status.reason}`;
    return 'not built';
  } catch {
    return 'not built (no build/status.json: run `node scripts/install.mjs` in packages/native)';
  }
}

function candidates(options: LoadNativeOptions | undefined): string[] {
  const override = options?.path ?? process.env.UACCE_NATIVE_PATH;
  if (override) return [path.resolve(override)];
  return [path.join(packageRoot(), 'build', 'Release', 'uacce_native.node')];
}

function tryLoad(file: string, tried: NativeLoadAttempt[]): NativeBinding | undefined {
  const cached = kLoaded.get(file);
  if (cached) return cached;
  if (!existsSync(file)) {
    const isDefault = file === path.join(packageRoot(), 'build', 'Release', 'uacce_native.node');
    tried.push({ path: file, reason: isDefault ? describeMissingBuild(packageRoot()) : 'no such file' });
    return undefined;
  }
  try {
    const binding = withUntransferableMappings(createRequire(import.meta.url)(file) as NativeBinding);
    kLoaded.set(file, binding);
    return binding;
  } catch (error) {
    tried.push({ path: file, reason: error instanceof Error ? error.message : String(error) });
    return undefined;
  }
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
  const tried: NativeLoadAttempt[] = [];
  for (const file of candidates(options)) {
    const binding = tryLoad(file, tried);
    if (binding) return binding;
  }
  throw new NativeLoadError(tried);
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
