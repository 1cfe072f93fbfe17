// SPDX-License-Identifier: Apache-2.0
import { ZIP_REQUEST_TYPE, ZIP_SQE_TYPE } from '@uacce/abi';
import { describe, expect, it } from 'vitest';
import { HardwareProfile } from '../src/hardware-profile';

const v2 = new HardwareProfile(2, ['zlib', 'gzip']);
const v3 = new HardwareProfile(3, ['zlib', 'gzip', 'deflate']);

describe('HardwareProfile', () => {
  it('uses type 0 SQEs for zlib and gzip on v2 and type 3 for everything on v3', () => {
    expect(v2.plan('zlib')).toMatchObject({
      requestType: ZIP_REQUEST_TYPE.ZLIB,
      sqeType: ZIP_SQE_TYPE.TYPE0,
      deviceTrailer: 4,
    });
    expect(v2.plan('gzip')).toMatchObject({
      requestType: ZIP_REQUEST_TYPE.GZIP,
      sqeType: ZIP_SQE_TYPE.TYPE0,
      deviceTrailer: 8,
    });
    for (const format of ['zlib', 'gzip', 'deflate-raw'] as const)
      expect(v3.plan(format).sqeType).toBe(ZIP_SQE_TYPE.TYPE3);
    expect(v3.plan('deflate-raw')).toMatchObject({
      requestType: ZIP_REQUEST_TYPE.DEFLATE,
      stripTrailer: 0,
      deviceTrailer: 0,
    });
  });

  it('serves raw deflate compression on v2 through the zlib request, trailer cut off', () => {
    expect(v2.plan('deflate-raw')).toMatchObject({
      requestType: ZIP_REQUEST_TYPE.ZLIB,
      sqeType: ZIP_SQE_TYPE.TYPE0,
      stripTrailer: 4,
    });
    expect(v2.supports('deflate-raw', 'compress')).toBe(true);
    expect(v2.supports('deflate-raw', 'decompress')).toBe(false);
    expect(v3.supports('deflate-raw', 'decompress')).toBe(true);
  });

  it('serves only what the device advertises', () => {
    const gzipOnly = new HardwareProfile(3, ['gzip']);
    expect(gzipOnly.supports('zlib', 'compress')).toBe(false);
    expect(gzipOnly.supports('deflate-raw', 'compress')).toBe(false);
    expect(new HardwareProfile(1, ['zlib', 'gzip']).supports('gzip', 'compress')).toBe(false);
  });
});
