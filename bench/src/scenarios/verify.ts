// SPDX-License-Identifier: Apache-2.0
// Every contender's output is checked before it is timed: a fast wrong answer is a failure.
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import type { Operation } from '../contenders/types';

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Returns why `output` is wrong for `operation` on the original with `originalSha256`, or undefined. */
export function checkOutput(
  operation: Operation,
  output: Uint8Array,
  originalSha256: string,
): string | undefined {
  if (operation === 'compress') {
    let plain: Buffer;
    try {
      plain = gunzipSync(output);
    } catch (error) {
      return `output is not valid gzip (${(error as { code?: string }).code ?? 'error'})`;
    }
    return sha256(plain) === originalSha256 ? undefined : 'output does not decompress to the input';
  }
  return sha256(output) === originalSha256 ? undefined : 'output differs from the original bytes';
}
