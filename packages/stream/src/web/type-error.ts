// SPDX-License-Identifier: Apache-2.0
// The errors of the WHATWG Compression Streams. The standard throws TypeError for every failure
// (a chunk that is not a BufferSource, a bad format, corrupt or extra or truncated input), and
// callers test `error instanceof TypeError` and even `error.constructor === TypeError`; so these
// are the realm's own TypeError, carrying our stable `code` (and `errno` for zlib's data codes),
// with the SDK's typed error as `cause` where there is one.

/** A TypeError of the Compression Streams with our stable code. */
export type CompressionStreamError = TypeError & { readonly code: string; readonly errno?: number };

/** A TypeError with `code` (and `errno`, `cause` when given). */
export function codedTypeError(
  code: string,
  message: string,
  details: { errno?: number; cause?: unknown } = {},
): CompressionStreamError {
  const error = new TypeError(message, details.cause === undefined ? undefined : { cause: details.cause });
  Object.defineProperty(error, 'code', { value: code, enumerable: true, configurable: true, writable: true });
  if (details.errno !== undefined) {
    Object.defineProperty(error, 'errno', {
      value: details.errno,
      enumerable: true,
      configurable: true,
      writable: true,
    });
  }
  return error as CompressionStreamError;
}

/**
 * `error` as the standard's TypeError: a TypeError stays as it is; an error with a `code` (our
 * ZlibDataError, a node:zlib error, a device error) becomes a TypeError with the same code, errno
 * and message and the original as `cause`; anything else gets the code ERR_COMPRESSION_STREAM.
 */
export function toTypeError(error: unknown): TypeError {
  if (error instanceof TypeError) return error;
  const { code, errno, message } = (error ?? {}) as { code?: unknown; errno?: unknown; message?: unknown };
  return codedTypeError(
    typeof code === 'string' ? code : 'ERR_COMPRESSION_STREAM',
    typeof message === 'string' ? message : String(error),
    { errno: typeof errno === 'number' ? errno : undefined, cause: error },
  );
}
