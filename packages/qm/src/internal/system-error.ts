// SPDX-License-Identifier: Apache-2.0
// Node-style system errors (from @uacce/native, node:fs or the emulator's errno names) become
// UacceSystemError with the original as `cause` (docs/contracts.md, "@uacce/native").
import { constants } from 'node:os';
import { UacceSystemError } from '@uacce/abi';

interface NodeSystemErrorLike {
  code?: unknown;
  errno?: unknown;
  syscall?: unknown;
  path?: unknown;
}

/** Wraps any thrown value as a UacceSystemError naming the syscall and path. */
export function toSystemError(error: unknown, syscall: string, path?: string): UacceSystemError {
  if (error instanceof UacceSystemError) return error;
  const like = (typeof error === 'object' && error !== null ? error : {}) as NodeSystemErrorLike;
  const errnoCode = typeof like.code === 'string' && like.code.startsWith('E') ? like.code : 'EIO';
  return new UacceSystemError(
    {
      errno: typeof like.errno === 'number' ? like.errno : errnoOf(errnoCode),
      errnoCode,
      syscall: typeof like.syscall === 'string' ? like.syscall : syscall,
      path: typeof like.path === 'string' ? like.path : path,
    },
    undefined,
    { cause: error },
  );
}

/** A UacceSystemError from an errno name, as the emulator reports them. */
export function systemErrorFromName(errnoCode: string, syscall: string, path?: string): UacceSystemError {
  return new UacceSystemError({ errno: errnoOf(errnoCode), errnoCode, syscall, path });
}

/** Node reports errno negated (e.g. -16 for EBUSY). */
function errnoOf(name: string): number {
  const value = (constants.errno as Record<string, number | undefined>)[name];
  return value === undefined ? -5 : -value;
}

/** True when `error` (or its cause chain) is a system error with the given errno name. */
export function hasErrno(error: unknown, errnoCode: string): boolean {
  for (let current = error, depth = 0; current !== undefined && depth < 8; depth++) {
    if (current instanceof UacceSystemError && current.errnoCode === errnoCode) return true;
    if (typeof current !== 'object' || current === null) return false;
    if ((current as { code?: unknown }).code === errnoCode) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
