// SPDX-License-Identifier: Apache-2.0
import { ZlibDataError } from '@uacce/abi';
import { expect } from 'vitest';

/** The error a call throws or rejects with (fails the test when there is none). */
export async function caught(
  run: () => unknown,
): Promise<Error & { code?: string; errno?: number; cause?: unknown }> {
  try {
    await run();
  } catch (error) {
    return error as Error & { code?: string };
  }
  expect.unreachable('expected an error');
  throw new Error('unreachable');
}

/** node:zlib's outcome for a call: the output, or the error's code and errno. */
export function nodeOutcome(run: () => Buffer): { output?: Buffer; code?: string; errno?: number } {
  try {
    return { output: run() };
  } catch (error) {
    const { code, errno } = error as { code: string; errno?: number };
    return { code, errno };
  }
}

/**
 * Our outcome in the same shape. A data error must be a ZlibDataError (the class node:zlib
 * callers get their `code` and `errno` from); anything else is reported as such, so a comparison
 * with node's outcome fails on the class too.
 */
export async function ourOutcome(
  run: () => Promise<Buffer>,
): Promise<{ output?: Buffer; code?: string; errno?: number }> {
  try {
    return { output: await run() };
  } catch (error) {
    if (!(error instanceof ZlibDataError)) return { code: `not a ZlibDataError: ${String(error)}` };
    return { code: error.code, errno: error.errno };
  }
}
