// SPDX-License-Identifier: Apache-2.0
// The codes this package throws. They live in @uacce/abi's single table (errors.ts there); this
// list names the ones the queue engine uses, for its README and for callers that switch on them.
import type { ErrorCode } from '@uacce/abi';

/** Every code @uacce/qm can throw or reject with. */
export const QM_ERROR_CODES = [
  'ERR_UACCE_NO_DEVICE',
  'ERR_UACCE_QUEUE_SETUP',
  'ERR_UACCE_QUEUE_DISABLED',
  'ERR_UACCE_QUEUE_FULL',
  'ERR_UACCE_QUEUE_CLOSED',
  'ERR_UACCE_TIMEOUT',
  'ERR_UACCE_DEVICE_ISOLATED',
  'ERR_UACCE_BAD_COMPLETION',
  'ERR_UACCE_TRANSPORT',
  'ERR_UACCE_SYSTEM',
  'ERR_UACCE_NATIVE_UNAVAILABLE',
  'ERR_INVALID_ARG_TYPE',
  'ERR_INVALID_ARG_VALUE',
  'ERR_OUT_OF_RANGE',
] as const satisfies readonly (ErrorCode | 'ERR_UACCE_NATIVE_UNAVAILABLE')[];

export type QmErrorCode = (typeof QM_ERROR_CODES)[number];
