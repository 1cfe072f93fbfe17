// SPDX-License-Identifier: Apache-2.0
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { firstHeader, formatRatio, startsLikeGzip } from '../src/ratio';

describe('gzip facts the tool reads through @uacce/zip', () => {
  it('reads the first header with a stored name, and nothing from non-gzip or cut input', () => {
    const named = Buffer.from([0x1f, 0x8b, 8, 0x08, 1, 0, 0, 0, 0, 3, 0x61, 0x62, 0]);
    expect(firstHeader(named)).toMatchObject({ length: 13, header: { name: 'ab', mtime: 1 } });
    expect(firstHeader(Buffer.from('hello world'))).toBeUndefined();
    expect(firstHeader(named.subarray(0, 11))).toBeUndefined();
    expect(startsLikeGzip(gzipSync('x'))).toBe(true);
    expect(startsLikeGzip(Buffer.from('x'))).toBe(false);
  });

  it.each([
    [2, 6, ' 33.3%'],
    [-2, 6, '-33.3%'],
    [2063, 3893, ' 53.0%'],
    [0, 0, '  0.0%'],
    [-1872, 3, '-62400.0%'],
  ])('formatRatio(%i, %i) = %j', (saved, total, text) => {
    expect(formatRatio(saved, total)).toBe(text);
  });
});
