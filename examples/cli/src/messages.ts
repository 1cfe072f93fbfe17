// SPDX-License-Identifier: Apache-2.0
// gzip's exit statuses and diagnostics, so scripts written for gzip read ours the same way.
import type { CliIo } from './io';

/** 0 success, 1 error, 2 warning (gzip's convention; an error wins over a warning). */
export type ExitStatus = 0 | 1 | 2;

/** The status to exit with after two results. */
export function worse(a: ExitStatus, b: ExitStatus): ExitStatus {
  return a === 1 || b === 1 ? 1 : a === 2 || b === 2 ? 2 : 0;
}

/** The diagnostic gzip prints for a failed decompression, keyed by the error's code. */
export function describeDataError(error: unknown, startsLikeGzip: boolean): string {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (!startsLikeGzip || message === 'not in gzip format') return 'not in gzip format';
  if (code === 'Z_BUF_ERROR') return 'unexpected end of file';
  // The trailer's checks, in zlib's words from @uacce/zip, and gzip's words for them.
  if (message === 'incorrect data check') return 'invalid compressed data--crc error';
  if (message === 'incorrect length check') return 'invalid compressed data--length error';
  if (code === 'Z_DATA_ERROR') return 'invalid compressed data--format violated';
  return message;
}

/** The text of a system error as gzip shows it (No such file or directory, ...). */
export function describeSystemError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ENOENT':
      return 'No such file or directory';
    case 'EACCES':
      return 'Permission denied';
    case 'EISDIR':
      return 'Is a directory';
    case 'ENOSPC':
      return 'No space left on device';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/** Prints `uacce-gzip: <text>` unless it is a warning and the run is quiet (errors always print). */
export function diagnose(io: CliIo, text: string, isWarning = false, quiet = false): void {
  if (isWarning && quiet) return;
  io.stderr.write(`uacce-gzip: ${text}\n`);
}
