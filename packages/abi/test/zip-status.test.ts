// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import {
  HardwareStatusError,
  isZipStatusOk,
  lookupZipStatus,
  UacceError,
  ZIP_STATUS,
  ZIP_STATUS_LIST,
  zipStatusError,
} from '../src/index';

describe('ZIP status table (spec §4.6)', () => {
  it.each([
    [0x00, 'SUCCESS', true],
    [0x0d, 'NEGACOMPRESS', true],
    [0x0e, 'DSTLEN_OUT', false],
    [0x0f, 'IN_DATA_DIF_CHECK_ERR', false],
    [0x10, 'CRC_ERR', false],
    [0x12, 'UNCOMP_DIF_CHECK_ERR', false],
    [0x13, 'DECOMP_END', true],
  ])('0x%s is %s (ok: %s)', (value, name, ok) => {
    const entry = lookupZipStatus(value);
    expect(entry).toMatchObject({ value, name, ok });
    expect(entry?.meaning.length).toBeGreaterThan(0);
    expect(isZipStatusOk(value)).toBe(ok);
    expect(ZIP_STATUS[name as keyof typeof ZIP_STATUS].value).toBe(value);
  });

  it('lists exactly the seven named statuses in ascending order', () => {
    expect(ZIP_STATUS_LIST.map((entry) => entry.value)).toEqual([0x00, 0x0d, 0x0e, 0x0f, 0x10, 0x12, 0x13]);
  });

  it.each([0x01, 0x0c, 0x11, 0x14, 0xff])('0x%s is unknown and an error', (value) => {
    expect(lookupZipStatus(value)).toBeUndefined();
    expect(isZipStatusOk(value)).toBe(false);
  });
});

describe('zipStatusError', () => {
  it('names a known status', () => {
    const error = zipStatusError(0x0e);
    expect(error).toBeInstanceOf(HardwareStatusError);
    expect(error).toBeInstanceOf(UacceError);
    expect(error).toMatchObject({ code: 'ERR_UACCE_HW_STATUS', status: 0x0e, statusName: 'DSTLEN_OUT' });
    expect(error.family).toBe('status');
  });

  it('keeps an unknown status with its own code', () => {
    const cause = new Error('inner');
    const error = zipStatusError(0x11, { cause });
    expect(error).toMatchObject({
      code: 'ERR_UACCE_HW_STATUS_UNKNOWN',
      status: 0x11,
      statusName: 'UNKNOWN_0x11',
    });
    expect(error.cause).toBe(cause);
  });
});
