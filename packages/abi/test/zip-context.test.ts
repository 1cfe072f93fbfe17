// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import {
  ZIP_CTX_HW_OFFSET,
  ZIP_CTX_ST,
  ZIP_CTX_STOREBUF_OFFSET,
  zipCtxBfinal,
  zipCtxBlockStartOffset,
  zipCtxHeadBitCount,
  zipCtxState,
  zipCtxStoreLength,
  zipCtxWindowLength,
} from '../src/index';
import { decodeZipContext, encodeZipContext } from '../src/testing';

describe('context words (spec §4.6)', () => {
  it('has the ctx_st values', () => {
    expect(ZIP_CTX_ST).toEqual({
      DECOMP_NO_SPACE: 1,
      DECOMPING_NO_SPACE: 2,
      DECOMP_BLK_NOSTART: 3,
      DECOMP_NO_CRC: 4,
    });
    expect(ZIP_CTX_HW_OFFSET).toBe(64);
  });

  it('reads each field from its bits only', () => {
    // ctx_dw0: bits 31:16 set, head bit count 0x2a (15:10), bit 9:8 set, bfinal (7), bits 6:4 set, ctx_st 3.
    const dw0 = 0xffff_0000 | (0x2a << 10) | 0x300 | 0x80 | 0x70 | 0x3;
    expect(zipCtxState(dw0)).toBe(3);
    expect(zipCtxBfinal(dw0)).toBe(true);
    expect(zipCtxBfinal(0x7f)).toBe(false);
    expect(zipCtxHeadBitCount(dw0)).toBe(0x2a);
    expect(zipCtxStoreLength(0xfff8_0001)).toBe(1);
    expect(zipCtxStoreLength(0x0007_ffff)).toBe(0x7ffff);
    expect(zipCtxWindowLength(0xabcd_8000)).toBe(0x8000);
  });

  it('decodes the golden stream-end vector’s ctx_dw0 (0x1480)', () => {
    expect(decodeZipContext({ ctxDw0: 0x1480, ctxDw1: 0, ctxDw2: 0x8000 })).toEqual({
      ctxSt: 0,
      bfinal: true,
      headBitCount: 5,
      storeLength: 0,
      windowLength: 0x8000,
    });
  });

  it('round-trips through encodeZipContext', () => {
    const state = { ctxSt: 2, bfinal: true, headBitCount: 39, storeLength: 0x40000, windowLength: 0x7fff };
    expect(decodeZipContext(encodeZipContext(state))).toEqual(state);
    expect(encodeZipContext({})).toEqual({ ctxDw0: 0, ctxDw1: 0, ctxDw2: 0 });
  });

  it('rejects fields wider than their bits', () => {
    expect(() => encodeZipContext({ headBitCount: 64 })).toThrowError(
      expect.objectContaining({ code: 'ERR_OUT_OF_RANGE' }),
    );
    expect(() => encodeZipContext({ storeLength: 1 << 19 })).toThrowError(
      expect.objectContaining({ code: 'ERR_OUT_OF_RANGE' }),
    );
  });
});

describe('context buffer layout (spec §4.7)', () => {
  it.each([
    [0, 0xc00],
    [1, 0xc10],
    [16, 0xc10],
    [17, 0xc20],
    [0x8000, 0xc00 + 0x8000],
  ])('block-start bits for window length %i are at hw-ctx + 0x%s', (windowLength, offset) => {
    expect(zipCtxBlockStartOffset(windowLength)).toBe(offset);
  });

  it("keeps the cached bits of a full 32 KiB window below UADK's bounce buffer", () => {
    expect(ZIP_CTX_HW_OFFSET + zipCtxBlockStartOffset(32768) + 8).toBeLessThanOrEqual(
      ZIP_CTX_STOREBUF_OFFSET,
    );
  });
});
