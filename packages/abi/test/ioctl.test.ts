// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import {
  _IO,
  _IOC_DIR,
  _IOC_NR,
  _IOC_SIZE,
  _IOC_TYPE,
  _IOR,
  _IOW,
  _IOWR,
  HISI_QP_CTX_SIZE,
  HISI_QP_INFO_SIZE,
  UACCE_CMD_GET_SS_DMA,
  UACCE_CMD_PUT_Q,
  UACCE_CMD_QM_SET_QP_CTX,
  UACCE_CMD_QM_SET_QP_INFO,
  UACCE_CMD_START_Q,
  UacceArgumentError,
} from '../src/index';

describe('ioctl numbers (spec §2.4)', () => {
  it.each([
    ['UACCE_CMD_START_Q', UACCE_CMD_START_Q, 0x00005700],
    ['UACCE_CMD_PUT_Q', UACCE_CMD_PUT_Q, 0x00005701],
    ['UACCE_CMD_QM_SET_QP_CTX', UACCE_CMD_QM_SET_QP_CTX, 0xc004480a],
    ['UACCE_CMD_QM_SET_QP_INFO', UACCE_CMD_QM_SET_QP_INFO, 0xc010480b],
    ['UACCE_CMD_GET_SS_DMA', UACCE_CMD_GET_SS_DMA, 0x80085703],
  ])('%s is the spec value', (_name, actual, expected) => {
    expect(actual).toBe(expected);
  });

  it('returns unsigned numbers even with the read bit set', () => {
    expect(_IOWR('H', 10, 4)).toBeGreaterThan(0);
    expect(_IOR('W', 3, 8)).toBe(2148030211);
  });

  it('encodes the direction in bits 31:30', () => {
    expect(_IOC_DIR(_IO('W', 0))).toBe(0);
    expect(_IOC_DIR(_IOW('W', 0, 4))).toBe(1);
    expect(_IOC_DIR(_IOR('W', 0, 4))).toBe(2);
    expect(_IOC_DIR(_IOWR('W', 0, 4))).toBe(3);
  });

  it('decomposes a command into type, number and size', () => {
    expect(_IOC_TYPE(UACCE_CMD_QM_SET_QP_INFO)).toBe('H'.charCodeAt(0));
    expect(_IOC_NR(UACCE_CMD_QM_SET_QP_INFO)).toBe(11);
    expect(_IOC_SIZE(UACCE_CMD_QM_SET_QP_INFO)).toBe(HISI_QP_INFO_SIZE);
    expect(_IOC_SIZE(UACCE_CMD_QM_SET_QP_CTX)).toBe(HISI_QP_CTX_SIZE);
  });

  it('accepts a numeric type equal to the character', () => {
    expect(_IO(0x57, 1)).toBe(UACCE_CMD_PUT_Q);
  });

  it.each([
    ['a number too large', () => _IO('W', 256), 'ERR_OUT_OF_RANGE'],
    ['a size beyond 14 bits', () => _IOR('W', 0, 1 << 14), 'ERR_OUT_OF_RANGE'],
    ['a two-character type', () => _IO('WW', 0), 'ERR_INVALID_ARG_VALUE'],
    ['a non-number nr', () => _IO('W', '1' as unknown as number), 'ERR_INVALID_ARG_TYPE'],
  ])('rejects %s', (_name, call, code) => {
    expect(call).toThrow(UacceArgumentError);
    expect(() => call()).toThrowError(expect.objectContaining({ code }));
  });
});
