// SPDX-License-Identifier: Apache-2.0
// The one error hierarchy of the SDK. Every layer above @uacce/native throws these; each has a
// stable `code` from the table below (Node's E() pattern: codes come from one table, not from
// hand-written classes). Tests assert `code` and class, never message text.

/** Every code the SDK's own errors can carry, with the family it belongs to. */
export const ERROR_CODES = {
  // Arguments: Node's own codes, so callers that already catch them keep working.
  ERR_INVALID_ARG_TYPE: 'argument',
  ERR_INVALID_ARG_VALUE: 'argument',
  ERR_OUT_OF_RANGE: 'argument',
  // sysfs attributes whose text does not parse.
  ERR_UACCE_SYSFS_ATTRIBUTE: 'sysfs',
  // A system call failed (errno, syscall, path as Node's system errors).
  ERR_UACCE_SYSTEM: 'system',
  // Queue engine.
  ERR_UACCE_NO_DEVICE: 'device',
  ERR_UACCE_QUEUE_SETUP: 'device',
  ERR_UACCE_QUEUE_DISABLED: 'device',
  ERR_UACCE_QUEUE_FULL: 'device',
  ERR_UACCE_QUEUE_CLOSED: 'device',
  ERR_UACCE_TIMEOUT: 'device',
  ERR_UACCE_DEVICE_ISOLATED: 'device',
  ERR_UACCE_BAD_COMPLETION: 'device',
  ERR_UACCE_TRANSPORT: 'device',
  // Two copies of @uacce/stream with different context layouts in one process.
  ERR_UACCE_CONTEXT_CONFLICT: 'device',
  // Hardware completion status (ZIP SQE DW3 7:0, spec §4.6); unknown values get their own code.
  ERR_UACCE_HW_STATUS: 'status',
  ERR_UACCE_HW_STATUS_UNKNOWN: 'status',
  // Data errors keep node:zlib's codes and errno values.
  Z_DATA_ERROR: 'data',
  Z_BUF_ERROR: 'data',
  Z_NEED_DICT: 'data',
  Z_STREAM_ERROR: 'data',
  Z_MEM_ERROR: 'data',
  ERR_BUFFER_TOO_LARGE: 'data',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;
export type ErrorFamily = (typeof ERROR_CODES)[ErrorCode];

/** node:zlib's errno for each data-error code (zlib.h values). */
export const ZLIB_ERRNO = {
  Z_NEED_DICT: 2,
  Z_STREAM_ERROR: -2,
  Z_DATA_ERROR: -3,
  Z_MEM_ERROR: -4,
  Z_BUF_ERROR: -5,
} as const;

export interface UacceErrorOptions {
  cause?: unknown;
}

/** Base class of every error the SDK throws; `code` is stable, the message is for people. */
export class UacceError<C extends ErrorCode = ErrorCode> extends Error {
  readonly code: C;
  constructor(code: C, message: string, options?: UacceErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.name = new.target.name;
  }
  /** The family the code belongs to (argument, sysfs, system, device, status, data). */
  get family(): ErrorFamily {
    return ERROR_CODES[this.code];
  }
}

/** Bad arguments, with Node's codes. */
export class UacceArgumentError extends UacceError<
  'ERR_INVALID_ARG_TYPE' | 'ERR_INVALID_ARG_VALUE' | 'ERR_OUT_OF_RANGE'
> {}

/** A sysfs attribute whose content does not parse; names the attribute and the text. */
export class SysfsAttributeError extends UacceError<'ERR_UACCE_SYSFS_ATTRIBUTE'> {
  readonly attribute: string;
  readonly value: string;
  constructor(attribute: string, value: string, expected: string, options?: UacceErrorOptions) {
    super(
      'ERR_UACCE_SYSFS_ATTRIBUTE',
      `sysfs attribute ${attribute}: ${JSON.stringify(value)} is not ${expected}`,
      options,
    );
    this.attribute = attribute;
    this.value = value;
  }
}

/** A failed system call, shaped like Node's system errors (code is the errno name in `errnoCode`). */
export class UacceSystemError extends UacceError<'ERR_UACCE_SYSTEM'> {
  /** Negative errno, as Node reports it (e.g. -2 for ENOENT). */
  readonly errno: number;
  /** The errno name, e.g. 'ENOENT'. */
  readonly errnoCode: string;
  readonly syscall: string;
  readonly path: string | undefined;
  constructor(
    details: { errno: number; errnoCode: string; syscall: string; path?: string },
    message?: string,
    options?: UacceErrorOptions,
  ) {
    super(
      'ERR_UACCE_SYSTEM',
      message ?? `${details.syscall}${details.path ? ` ${details.path}` : ''} failed: ${details.errnoCode}`,
      options,
    );
    this.errno = details.errno;
    this.errnoCode = details.errnoCode;
    this.syscall = details.syscall;
    this.path = details.path;
  }
}

/** The queue engine could not get or keep a working queue (setup step, disabled, timeout...). */
export class UacceDeviceError extends UacceError<
  | 'ERR_UACCE_NO_DEVICE'
  | 'ERR_UACCE_QUEUE_SETUP'
  | 'ERR_UACCE_QUEUE_DISABLED'
  | 'ERR_UACCE_QUEUE_FULL'
  | 'ERR_UACCE_QUEUE_CLOSED'
  | 'ERR_UACCE_TIMEOUT'
  | 'ERR_UACCE_DEVICE_ISOLATED'
  | 'ERR_UACCE_BAD_COMPLETION'
  | 'ERR_UACCE_TRANSPORT'
  | 'ERR_UACCE_CONTEXT_CONFLICT'
> {
  /** The device name (e.g. 'hisi_zip-0') where known. */
  readonly device: string | undefined;
  /** For ERR_UACCE_QUEUE_SETUP: the bring-up step that failed ('open', 'SET_QP_CTX', 'mmap-dus', ...). */
  readonly step: string | undefined;
  constructor(
    code: UacceDeviceError['code'],
    message: string,
    details: { device?: string; step?: string } = {},
    options?: UacceErrorOptions,
  ) {
    super(code, message, options);
    this.device = details.device;
    this.step = details.step;
  }
}

/** A completion whose hardware status is an error (spec §4.6); unknown values are never dropped. */
export class HardwareStatusError extends UacceError<'ERR_UACCE_HW_STATUS' | 'ERR_UACCE_HW_STATUS_UNKNOWN'> {
  readonly status: number;
  readonly statusName: string;
  constructor(status: number, statusName: string | undefined, message?: string, options?: UacceErrorOptions) {
    const known = statusName !== undefined;
    const name = statusName ?? `UNKNOWN_0x${status.toString(16).padStart(2, '0')}`;
    super(
      known ? 'ERR_UACCE_HW_STATUS' : 'ERR_UACCE_HW_STATUS_UNKNOWN',
      message ?? `hardware status 0x${status.toString(16).padStart(2, '0')} (${name})`,
      options,
    );
    this.status = status;
    this.statusName = name;
  }
}

export type ZlibDataErrorCode = keyof typeof ZLIB_ERRNO | 'ERR_BUFFER_TOO_LARGE';

/** A decompression data error with node:zlib's `code` and `errno`, so zlib-catching code keeps working. */
export class ZlibDataError extends UacceError<ZlibDataErrorCode> {
  readonly errno: number;
  constructor(code: ZlibDataErrorCode, message: string, options?: UacceErrorOptions) {
    super(code, message, options);
    this.errno = code === 'ERR_BUFFER_TOO_LARGE' ? -5 : ZLIB_ERRNO[code];
  }
}

/** True when `error` is one of the SDK's errors (optionally with the given code). */
export function isUacceError(error: unknown, code?: ErrorCode): error is UacceError {
  return error instanceof UacceError && (code === undefined || error.code === code);
}
