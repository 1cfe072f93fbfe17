// SPDX-License-Identifier: Apache-2.0
// The compressor used when the caller does not pass one: @uacce/stream (hardware when available).
import * as uacce from '@uacce/stream';
import type { CompressionImplementation } from '../zlib-implementation';

/** The default node:zlib-shaped implementation, @uacce/stream. */
export function defaultImplementation(): CompressionImplementation {
  return uacce as unknown as CompressionImplementation;
}
