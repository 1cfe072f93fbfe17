// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import {
  checkQcType,
  decodeQpCtx,
  decodeQpInfo,
  encodeQpCtx,
  encodeQpInfo,
  isValidQcType,
  QM_MAX_QC_TYPE,
  UacceArgumentError,
  ZIP_QC_TYPE,
} from '../src/index';
import { fromHex, toHex } from './helpers';

describe('struct hisi_qp_ctx (spec §2.4)', () => {
  it('is u16 id then u16 qc_type, little-endian', () => {
    expect(toHex(encodeQpCtx({ id: 0, qcType: ZIP_QC_TYPE.DECOMPRESS }))).toBe('00000100');
    expect(toHex(encodeQpCtx({ id: 0x1234, qcType: 2 }))).toBe('34120200');
  });

  it('decodes the id the kernel writes back', () => {
    expect(decodeQpCtx(fromHex('07000100'))).toEqual({ id: 7, qcType: 1 });
  });

  it('defaults the input id to 0 (the kernel ignores it)', () => {
    expect(toHex(encodeQpCtx({ qcType: ZIP_QC_TYPE.COMPRESS }))).toBe('00000000');
  });

  it('knows the queue types', () => {
    expect(ZIP_QC_TYPE).toEqual({ COMPRESS: 0, DECOMPRESS: 1 });
    expect(QM_MAX_QC_TYPE).toBe(2);
    expect(isValidQcType(2)).toBe(true);
    expect(isValidQcType(3)).toBe(false);
    expect(checkQcType(1)).toBe(1);
    expect(() => checkQcType(3)).toThrowError(expect.objectContaining({ code: 'ERR_OUT_OF_RANGE' }));
  });
});

describe('struct hisi_qp_info (spec §2.4)', () => {
  it('is u32 sqe_size, u16 sq_depth, u16 cq_depth, u64 reserved', () => {
    expect(toHex(encodeQpInfo({ sqeSize: 128, sqDepth: 1024, cqDepth: 1024 }))).toBe(
      '8000000000040004' + '0000000000000000',
    );
  });

  it('decodes what SET_QP_INFO reports, ignoring the reserved word', () => {
    expect(decodeQpInfo(fromHex('80000000000400040123456789abcdef'))).toEqual({
      sqeSize: 128,
      sqDepth: 1024,
      cqDepth: 1024,
    });
  });

  it('decodes from a Buffer slice with a byte offset', () => {
    const pool = Buffer.alloc(64, 0xff);
    pool.set(encodeQpInfo({ sqeSize: 64, sqDepth: 256, cqDepth: 512 }), 20);
    expect(decodeQpInfo(pool.subarray(20, 36))).toEqual({ sqeSize: 64, sqDepth: 256, cqDepth: 512 });
  });

  it.each([
    ['a short qp_ctx', () => decodeQpCtx(new Uint8Array(3)), 'ERR_OUT_OF_RANGE'],
    ['a short qp_info', () => decodeQpInfo(new Uint8Array(15)), 'ERR_OUT_OF_RANGE'],
    [
      'a depth above 16 bits',
      () => encodeQpInfo({ sqeSize: 128, sqDepth: 65536, cqDepth: 1 }),
      'ERR_OUT_OF_RANGE',
    ],
    ['a string qc_type', () => encodeQpCtx({ qcType: '1' as unknown as number }), 'ERR_INVALID_ARG_TYPE'],
  ])('rejects %s', (_name, call, code) => {
    expect(call).toThrow(UacceArgumentError);
    expect(call).toThrowError(expect.objectContaining({ code }));
  });
});
