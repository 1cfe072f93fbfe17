// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import {
  ERROR_CODES,
  HardwareStatusError,
  isUacceError,
  SysfsAttributeError,
  UacceArgumentError,
  UacceDeviceError,
  UacceError,
  UacceSystemError,
  ZLIB_ERRNO,
  ZlibDataError,
} from '../src/index';

describe('error hierarchy', () => {
  it('gives every class its name, code and family', () => {
    const cases: [UacceError, string, string][] = [
      [new UacceArgumentError('ERR_OUT_OF_RANGE', 'x'), 'UacceArgumentError', 'argument'],
      [new SysfsAttributeError('api', 'bad\n', 'an api'), 'SysfsAttributeError', 'sysfs'],
      [
        new UacceSystemError({ errno: -2, errnoCode: 'ENOENT', syscall: 'open', path: '/dev/x' }),
        'UacceSystemError',
        'system',
      ],
      [
        new UacceDeviceError('ERR_UACCE_QUEUE_SETUP', 'x', { step: 'mmap-dus' }),
        'UacceDeviceError',
        'device',
      ],
      [new HardwareStatusError(0x10, 'CRC_ERR'), 'HardwareStatusError', 'status'],
      [new ZlibDataError('Z_DATA_ERROR', 'x'), 'ZlibDataError', 'data'],
    ];
    for (const [error, name, family] of cases) {
      expect(error).toBeInstanceOf(Error);
      expect(error).toBeInstanceOf(UacceError);
      expect(error.name).toBe(name);
      expect(error.family).toBe(family);
      expect(ERROR_CODES[error.code]).toBe(family);
      expect(isUacceError(error)).toBe(true);
      expect(isUacceError(error, error.code)).toBe(true);
    }
  });

  it('carries the sysfs attribute and value', () => {
    expect(new SysfsAttributeError('isolate', '2\n', "'0' or '1'")).toMatchObject({
      code: 'ERR_UACCE_SYSFS_ATTRIBUTE',
      attribute: 'isolate',
      value: '2\n',
    });
  });

  it('shapes system errors like Node’s', () => {
    const error = new UacceSystemError({
      errno: -16,
      errnoCode: 'EBUSY',
      syscall: 'open',
      path: '/dev/hisi_zip-0',
    });
    expect(error).toMatchObject({
      code: 'ERR_UACCE_SYSTEM',
      errno: -16,
      errnoCode: 'EBUSY',
      syscall: 'open',
    });
    expect(error.path).toBe('/dev/hisi_zip-0');
  });

  it('keeps device and step on device errors', () => {
    const error = new UacceDeviceError('ERR_UACCE_QUEUE_SETUP', 'x', {
      device: 'hisi_zip-0',
      step: 'SET_QP_CTX',
    });
    expect(error).toMatchObject({ device: 'hisi_zip-0', step: 'SET_QP_CTX' });
  });

  it.each([
    ['Z_DATA_ERROR', -3],
    ['Z_BUF_ERROR', -5],
    ['Z_NEED_DICT', 2],
    ['Z_STREAM_ERROR', -2],
    ['Z_MEM_ERROR', -4],
    ['ERR_BUFFER_TOO_LARGE', -5],
  ] as const)('gives %s node:zlib’s errno %i', (code, errno) => {
    expect(new ZlibDataError(code, 'x').errno).toBe(errno);
  });

  it('uses zlib.h values for ZLIB_ERRNO', async () => {
    const { constants } = await import('node:zlib');
    expect(ZLIB_ERRNO.Z_DATA_ERROR).toBe(constants.Z_DATA_ERROR);
    expect(ZLIB_ERRNO.Z_BUF_ERROR).toBe(constants.Z_BUF_ERROR);
    expect(ZLIB_ERRNO.Z_NEED_DICT).toBe(constants.Z_NEED_DICT);
    expect(ZLIB_ERRNO.Z_STREAM_ERROR).toBe(constants.Z_STREAM_ERROR);
    expect(ZLIB_ERRNO.Z_MEM_ERROR).toBe(constants.Z_MEM_ERROR);
  });

  it('keeps the cause', () => {
    const cause = new Error('inner');
    expect(new UacceDeviceError('ERR_UACCE_TIMEOUT', 'x', {}, { cause }).cause).toBe(cause);
    expect(new UacceArgumentError('ERR_INVALID_ARG_VALUE', 'x').cause).toBeUndefined();
  });

  it('does not mistake other errors for SDK errors', () => {
    expect(isUacceError(new Error('x'))).toBe(false);
    expect(isUacceError({ code: 'ERR_UACCE_TIMEOUT' })).toBe(false);
    expect(isUacceError(new ZlibDataError('Z_BUF_ERROR', 'x'), 'Z_DATA_ERROR')).toBe(false);
  });
});
