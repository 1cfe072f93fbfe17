// SPDX-License-Identifier: Apache-2.0
import { HardwareStatusError, UacceDeviceError, ZlibDataError } from '@uacce/abi';
import { encodeZipSqe } from '@uacce/abi/testing';
import { describe, expect, it } from 'vitest';
import { type Completion, classifyCompletion, readCompletion } from '../src/completion';

function completion(status: number, lstblk = 0): Completion {
  return { consumed: 0, produced: 0, status, lstblk, ctxDw0: 0, ctxDw1: 0, ctxDw2: 0, isize: 0, checksum: 0 };
}

function outcomeOf(status: number, direction: 'compress' | 'decompress', lstblk = 0): string {
  try {
    return classifyCompletion(completion(status, lstblk), direction);
  } catch (error) {
    if (error instanceof ZlibDataError) {
      expect(error.cause).toBeInstanceOf(HardwareStatusError);
      return `${error.code}/${(error.cause as HardwareStatusError).code}`;
    }
    expect(error).toBeInstanceOf(HardwareStatusError);
    return (error as HardwareStatusError).code;
  }
}

describe('classifyCompletion', () => {
  it.each([
    [0x00, 0, 'progress'],
    [0x0d, 0, 'progress'],
    [0x13, 0, 'progress'],
    [0x13, 1, 'stream-end'],
    [0x0e, 0, 'no-space'],
  ])('status 0x%s (lstblk %i) means %s', (status, lstblk, expected) => {
    expect(outcomeOf(status, 'decompress', lstblk)).toBe(expected);
  });

  it.each([
    [0x0f, 'compress', 'ERR_UACCE_HW_STATUS'],
    [0x10, 'compress', 'ERR_UACCE_HW_STATUS'],
    [0x12, 'compress', 'ERR_UACCE_HW_STATUS'],
    [0x01, 'compress', 'ERR_UACCE_HW_STATUS_UNKNOWN'],
    [0x10, 'decompress', 'Z_DATA_ERROR/ERR_UACCE_HW_STATUS'],
    [0x02, 'decompress', 'Z_DATA_ERROR/ERR_UACCE_HW_STATUS_UNKNOWN'],
  ] as const)('status 0x%s on %s raises %s', (status, direction, expected) => {
    expect(outcomeOf(status, direction)).toBe(expected);
  });

  it('never ignores a status value: each of the 256 is success, retry or a typed error', () => {
    const handled = new Set(['progress', 'stream-end', 'no-space']);
    for (let status = 0; status < 256; status++) {
      for (const direction of ['compress', 'decompress'] as const) {
        const outcome = outcomeOf(status, direction);
        if (![0x00, 0x0d, 0x0e, 0x13].includes(status)) expect(handled.has(outcome)).toBe(false);
      }
    }
  });

  it('keeps the status value and name on the error', () => {
    try {
      classifyCompletion(completion(0x7f), 'compress');
      expect.unreachable();
    } catch (error) {
      expect((error as HardwareStatusError).status).toBe(0x7f);
      expect((error as HardwareStatusError).code).toBe('ERR_UACCE_HW_STATUS_UNKNOWN');
    }
  });
});

describe('readCompletion', () => {
  it.each([0, 3])('reads the tag from the type %i layout', (sqeType) => {
    const bytes = encodeZipSqe({
      sqeType,
      tag: 77,
      consumed: 5,
      produced: 9,
      status: 0x13,
      lstblk: 1,
      checksum: 1234,
    });
    expect(readCompletion(bytes, 77)).toMatchObject({
      consumed: 5,
      produced: 9,
      status: 0x13,
      lstblk: 1,
      checksum: 1234,
    });
  });

  it('rejects a completion that carries another tag', () => {
    const bytes = encodeZipSqe({ sqeType: 3, tag: 5 });
    expect(() => readCompletion(bytes, 6)).toThrow(UacceDeviceError);
    try {
      readCompletion(bytes, 6);
    } catch (error) {
      expect((error as UacceDeviceError).code).toBe('ERR_UACCE_BAD_COMPLETION');
    }
  });
});
