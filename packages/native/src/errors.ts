// SPDX-License-Identifier: Apache-2.0
// The errors of the binding itself. @uacce/native depends on nothing at run time, so these are
// not part of @uacce/abi's hierarchy: qm wraps them as the `cause` of its UacceSystemError.

/** A Node-style system error as thrown by every binding call (like node:fs's). */
export interface NativeSystemError extends Error {
  /** The errno name, e.g. 'ENOENT', 'EFAULT'. */
  code: string;
  /** The negative errno, as Node reports it. */
  errno: number;
  /** The failing system call, e.g. 'open', 'process_vm_readv'. */
  syscall: string;
  /** The path, for calls that take one (open). */
  path?: string;
}

/** Codes the binding throws besides errno names. */
export const NATIVE_ERROR_CODES = [
  'ERR_UACCE_NATIVE_UNAVAILABLE',
  'ERR_UACCE_UNMAPPED',
  'ERR_INVALID_ARG_TYPE',
  'ERR_INVALID_ARG_VALUE',
  'ERR_OUT_OF_RANGE',
] as const;

export type NativeErrorCode = (typeof NATIVE_ERROR_CODES)[number];

/** True for a system error thrown by the binding (it carries `errno` and `syscall`). */
export function isNativeSystemError(error: unknown): error is NativeSystemError {
  if (!(error instanceof Error)) return false;
  const candidate = error as Partial<NativeSystemError>;
  return (
    typeof candidate.code === 'string' &&
    typeof candidate.errno === 'number' &&
    typeof candidate.syscall === 'string'
  );
}

/** One place the loader looked, and why it could not use it. */
export interface NativeLoadAttempt {
  path: string;
  reason: string;
}

/** The addon could not be loaded; `tried` lists every path and why it failed. */
export class NativeLoadError extends Error {
  readonly code = 'ERR_UACCE_NATIVE_UNAVAILABLE' as const;
  readonly tried: readonly NativeLoadAttempt[];
  constructor(tried: readonly NativeLoadAttempt[]) {
    const list = tried.map((attempt) => `\n  ${attempt.path}: ${attempt.reason}`).join('');
    super(`The @uacce/native addon could not be loaded; tried:${list}`);
    this.name = 'NativeLoadError';
    this.tried = tried;
  }
}

/** A Mapping used after close(); the addon throws the same code for an unmapped ArrayBuffer. */
export class NativeUnmappedError extends Error {
  readonly code = 'ERR_UACCE_UNMAPPED' as const;
  constructor() {
    super('The mapping has been unmapped');
    this.name = 'NativeUnmappedError';
  }
}
