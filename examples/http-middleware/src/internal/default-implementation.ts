// SPDX-License-Identifier: Apache-2.0
// The compressor used when the caller does not pass one.
import * as zlib from 'node:zlib';
import type { CompressionImplementation } from '../zlib-implementation';

/** The default node:zlib-shaped implementation. */
export function defaultImplementation(): CompressionImplementation {
  return zlib as unknown as CompressionImplementation;
}
