// SPDX-License-Identifier: Apache-2.0
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

/** node:zlib's outcome for a call: the output, or the error's code. */
export function nodeOutcome(run: () => Buffer): { output?: Buffer; code?: string } {
  try {
    return { output: run() };
  } catch (error) {
    return { code: (error as { code: string }).code };
  }
}

/** Our outcome in the same shape. */
export async function ourOutcome(run: () => Promise<Buffer>): Promise<{ output?: Buffer; code?: string }> {
  try {
    return { output: await run() };
  } catch (error) {
    return { code: (error as { code: string }).code };
  }
}
