// SPDX-License-Identifier: Apache-2.0
// node:zlib reports data errors as plain Errors with `code`/`errno`; we re-raise them as the SDK's
// ZlibDataError with the same code, errno and message (the original as `cause`), so both engines
// throw the same class and zlib-catching code keeps working.
import { ZlibDataError, type ZlibDataErrorCode } from '@uacce/abi';

const DATA_CODES: ReadonlySet<unknown> = new Set<ZlibDataErrorCode>([
  'Z_DATA_ERROR',
  'Z_BUF_ERROR',
  'Z_NEED_DICT',
  'Z_STREAM_ERROR',
  'Z_MEM_ERROR',
  'ERR_BUFFER_TOO_LARGE',
]);

/** `error` as a ZlibDataError when it is a zlib data error; anything else is returned unchanged. */
export function toZlibError<T>(error: T): T | ZlibDataError {
  if (error instanceof ZlibDataError || !(error instanceof Error)) return error;
  const code = (error as { code?: unknown }).code;
  if (!DATA_CODES.has(code)) return error;
  return new ZlibDataError(code as ZlibDataErrorCode, error.message, { cause: error });
}
