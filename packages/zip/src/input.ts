// SPDX-License-Identifier: Apache-2.0
// Argument checks shared by the engine and the sessions (Node's codes).
import { constants as bufferConstants } from 'node:buffer';
import { UacceArgumentError } from '@uacce/abi';
import type { FlushMode } from './compress-stream';

/** The input as a list of views: one Uint8Array or several. Throws ERR_INVALID_ARG_TYPE. */
export function toChunks(input: unknown, name = 'input'): Uint8Array[] {
  if (input instanceof Uint8Array) return [input];
  if (Array.isArray(input) && input.every((chunk) => chunk instanceof Uint8Array))
    return input as Uint8Array[];
  throw new UacceArgumentError(
    'ERR_INVALID_ARG_TYPE',
    `${name} must be a Uint8Array or an array of Uint8Array`,
  );
}

const FLUSH_MODES: readonly FlushMode[] = ['none', 'sync', 'full', 'finish'];

/** Throws ERR_INVALID_ARG_VALUE unless `flush` is one of the four modes. */
export function assertFlush(flush: unknown): asserts flush is FlushMode {
  if (!FLUSH_MODES.includes(flush as FlushMode)) {
    throw new UacceArgumentError(
      'ERR_INVALID_ARG_VALUE',
      `flush must be one of ${FLUSH_MODES.join(', ')}; got ${String(flush)}`,
    );
  }
}

/** node:zlib's maxOutputLength: 1 .. buffer.constants.MAX_LENGTH, default the maximum. Throws ERR_OUT_OF_RANGE. */
export function resolveMaxOutputLength(value: number | undefined): number {
  if (value === undefined) return bufferConstants.MAX_LENGTH;
  if (!Number.isInteger(value) || value < 1 || value > bufferConstants.MAX_LENGTH) {
    throw new UacceArgumentError(
      'ERR_OUT_OF_RANGE',
      `maxOutputLength must be an integer from 1 to ${bufferConstants.MAX_LENGTH}; got ${value}`,
    );
  }
  return value;
}
