// SPDX-License-Identifier: Apache-2.0
// The data errors this package raises, with node:zlib's codes, errno values and messages, so code
// written against node:zlib (which matches on `code`) behaves the same on the hardware path.
// The classes come from @uacce/abi; this file only names the cases.
import { ZlibDataError } from '@uacce/abi';

/** Why a compressed stream was rejected; each reason carries zlib's own message text. */
export const DATA_ERROR_MESSAGES = {
  incorrectHeaderCheck: 'incorrect header check',
  unknownCompressionMethod: 'unknown compression method',
  unknownHeaderFlags: 'unknown header flags set',
  invalidWindowSize: 'invalid window size',
  headerCrcMismatch: 'header crc mismatch',
  incorrectDataCheck: 'incorrect data check',
  incorrectLengthCheck: 'incorrect length check',
  invalidData: 'invalid compressed data',
} as const;

export type DataErrorReason = keyof typeof DATA_ERROR_MESSAGES;

/** A Z_DATA_ERROR (-3) for a stream that is not valid deflate/zlib/gzip data. */
export function dataError(reason: DataErrorReason, cause?: unknown): ZlibDataError {
  return new ZlibDataError('Z_DATA_ERROR', DATA_ERROR_MESSAGES[reason], { cause });
}

/** A Z_BUF_ERROR (-5): the input ended before the stream did (node: "unexpected end of file"). */
export function truncatedError(): ZlibDataError {
  return new ZlibDataError('Z_BUF_ERROR', 'unexpected end of file');
}

/** A Z_NEED_DICT (2): a zlib stream that needs a preset dictionary (not supported on hardware). */
export function needDictionaryError(): ZlibDataError {
  return new ZlibDataError('Z_NEED_DICT', 'Missing dictionary');
}

/** ERR_BUFFER_TOO_LARGE: the output would exceed `maxOutputLength` (node's decompression-bomb guard). */
export function outputTooLargeError(maxOutputLength: number): ZlibDataError {
  return new ZlibDataError(
    'ERR_BUFFER_TOO_LARGE',
    `Cannot create a Buffer larger than ${maxOutputLength} bytes`,
  );
}
