// SPDX-License-Identifier: Apache-2.0
// @uacce/native is an optional dependency (a software-only install may leave it out, e.g. npm
// --omit=optional): it is imported when a queue is first opened, never at module load, and a
// missing package is reported like an addon that cannot load (ERR_UACCE_NATIVE_UNAVAILABLE).
import type { NativeBinding, NativeLoadAttempt } from '@uacce/native';

/** The error of a missing @uacce/native package, shaped like its NativeLoadError. */
export class NativeModuleMissingError extends Error {
  readonly code = 'ERR_UACCE_NATIVE_UNAVAILABLE' as const;
  readonly tried: readonly NativeLoadAttempt[];
  constructor(cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`The @uacce/native addon could not be loaded: the package is not installed (${reason})`, { cause });
    this.name = 'NativeLoadError';
    this.tried = [{ path: '@uacce/native', reason: 'package not installed (an optional dependency)' }];
  }
}

/** The addon through @uacce/native; rejects with ERR_UACCE_NATIVE_UNAVAILABLE when either is missing. */
export async function loadNativeBinding(): Promise<NativeBinding> {
  let module: typeof import('@uacce/native');
  try {
    module = await import('@uacce/native');
  } catch (error) {
    const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
    const notFound = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
    if (notFound && String(message).includes("'@uacce/native'")) throw new NativeModuleMissingError(error);
    throw error;
  }
  return module.loadNative();
}
