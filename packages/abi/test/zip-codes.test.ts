// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import {
  UacceArgumentError,
  windowSizeBytes,
  windowSizeCode,
  ZIP_ALG_BITMAP,
  ZIP_BUFFER_TYPE,
  ZIP_FLUSH,
  ZIP_REQUEST_TYPE,
  ZIP_REQUEST_TYPE_BY_ALGORITHM,
  ZIP_SQE_TYPE,
  ZIP_STREAM_MODE,
  ZIP_STREAM_POS,
  ZIP_WINDOW_SIZE,
  zipAlgorithmsForBitmap,
  zipSqeTypeFor,
} from '../src/index';

describe('ZIP codes (spec §4.3)', () => {
  it('has the request types of the table', () => {
    expect(ZIP_REQUEST_TYPE).toEqual({
      DEFLATE: 0x01,
      ZLIB: 0x02,
      GZIP: 0x03,
      LZ4: 0x04,
      LZ77_ONLY: 0x40,
      LZ77_ONLY_PRICE: 0x41,
      LZ77_ZSTD_PRICE: 0x42,
      LZ77_ZSTD: 0x43,
    });
    expect(ZIP_REQUEST_TYPE_BY_ALGORITHM.gzip).toBe(3);
    expect(ZIP_REQUEST_TYPE_BY_ALGORITHM.deflate).toBe(1);
  });

  it('has the buffer types, SQE types and DW7 bit values', () => {
    expect(ZIP_BUFFER_TYPE).toEqual({ FLAT: 0, SGL: 1 });
    expect(ZIP_SQE_TYPE).toMatchObject({ V1: 0, V3: 3, TYPE0: 0, TYPE3: 3 });
    expect(ZIP_FLUSH).toEqual({ SYNC: 0, FINISH: 1 });
    expect(ZIP_STREAM_MODE).toEqual({ STATELESS: 0, STATEFUL: 1 });
    expect(ZIP_STREAM_POS).toEqual({ OLD: 0, NEW: 1 });
  });

  it.each([
    [4096, 0],
    [8192, 1],
    [16384, 2],
    [24576, 3],
    [32768, 4],
  ])('window of %i bytes is code %i', (bytes, code) => {
    expect(windowSizeCode(bytes)).toBe(code);
    expect(windowSizeBytes(code)).toBe(bytes);
  });

  it('names the window codes', () => {
    expect(ZIP_WINDOW_SIZE.WINDOW_32K).toBe(4);
    expect(ZIP_WINDOW_SIZE.WINDOW_4K).toBe(0);
  });

  it.each([2048, 65536, 32767, 0])('has no code for a %i-byte window', (bytes) => {
    expect(() => windowSizeCode(bytes)).toThrow(UacceArgumentError);
    expect(() => windowSizeCode(bytes)).toThrowError(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }),
    );
  });

  it('rejects an unknown window code', () => {
    expect(() => windowSizeBytes(5)).toThrowError(expect.objectContaining({ code: 'ERR_OUT_OF_RANGE' }));
  });
});

describe('SQE type selection (spec §4.1)', () => {
  it.each([
    [2, ZIP_REQUEST_TYPE.ZLIB, 0],
    [2, ZIP_REQUEST_TYPE.GZIP, 0],
    [2, ZIP_REQUEST_TYPE.DEFLATE, 3],
    [3, ZIP_REQUEST_TYPE.ZLIB, 3],
    [3, ZIP_REQUEST_TYPE.GZIP, 3],
    [3, ZIP_REQUEST_TYPE.DEFLATE, 3],
    [5, ZIP_REQUEST_TYPE.LZ77_ZSTD, 3],
  ])('hw type %i, request %i uses SQE type %i', (hwType, requestType, sqeType) => {
    expect(zipSqeTypeFor(hwType, requestType)).toBe(sqeType);
  });
});

describe('algorithm bitmap (spec §1.4)', () => {
  it('gives the V2 and V3 example files', () => {
    expect(zipAlgorithmsForBitmap(ZIP_ALG_BITMAP.V2)).toEqual(['zlib', 'gzip']);
    expect(zipAlgorithmsForBitmap(ZIP_ALG_BITMAP.V3_DEFAULT)).toEqual(['zlib', 'gzip', 'deflate']);
  });

  it('lists lz77 and lz4 in table order, with either lz77 name', () => {
    expect(zipAlgorithmsForBitmap(0x3ff)).toEqual(['zlib', 'gzip', 'deflate', 'lz77_zstd', 'lz4']);
    expect(zipAlgorithmsForBitmap(0x0c0, { lz77Name: 'lz77_only' })).toEqual(['lz77_only']);
  });

  it('counts either bit of a pair', () => {
    expect(zipAlgorithmsForBitmap(0x1 | 0x8)).toEqual(['zlib', 'gzip']);
    expect(zipAlgorithmsForBitmap(0)).toEqual([]);
  });
});
