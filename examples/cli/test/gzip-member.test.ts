// SPDX-License-Identifier: Apache-2.0
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { formatRatio, gzipHeaderLength, gzipTrailerSize, isGzip } from '../src/gzip-member';

function withFlags(flags: number, extra: number[]): Buffer {
  return Buffer.from([0x1f, 0x8b, 8, flags, 0, 0, 0, 0, 0, 3, ...extra]);
}

describe('gzip framing', () => {
  it.each([
    ['plain', withFlags(0, []), 10],
    ['FNAME', withFlags(0x08, [0x61, 0x62, 0]), 13],
    ['FEXTRA', withFlags(0x04, [2, 0, 9, 9]), 14],
    ['FCOMMENT and FHCRC', withFlags(0x12, [0x63, 0, 1, 2]), 14],
    ['all four', withFlags(0x1e, [1, 0, 7, 0x6e, 0, 0x63, 0, 1, 2]), 19],
  ])('header length with %s', (_name, head, length) => {
    expect(gzipHeaderLength(head)).toBe(length);
  });

  it('rejects non-gzip and cut headers', () => {
    expect(isGzip(Buffer.from('hello world'))).toBe(false);
    expect(gzipHeaderLength(Buffer.from('hello world'))).toBeUndefined();
    expect(gzipHeaderLength(withFlags(0x08, [0x61]))).toBeUndefined();
  });

  it('reads ISIZE from the trailer', () => {
    expect(gzipTrailerSize(gzipSync(Buffer.alloc(123_457)))).toBe(123_457);
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
