// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { negotiateEncoding, parseAcceptEncoding } from '../src/negotiate';

describe('negotiateEncoding', () => {
  it.each([
    [undefined, 'identity'],
    ['', 'identity'],
    ['gzip', 'gzip'],
    ['deflate', 'deflate'],
    ['gzip, deflate, br', 'gzip'],
    ['deflate, gzip', 'gzip'],
    ['br', 'br'],
    ['gzip;q=0.5, br', 'br'],
    ['br;q=0, gzip;q=0.1', 'gzip'],
    ['gzip;q=0, deflate;q=0, *', 'br'],
    ['*', 'gzip'],
    ['*;q=0', 'identity'],
    ['gzip;q=0.5, deflate;q=0.8', 'deflate'],
    ['gzip;q=0, deflate', 'deflate'],
    ['gzip;q=0, *', 'deflate'],
    ['gzip;q=0, deflate;q=0', 'identity'],
    ['identity', 'identity'],
    ['gzip;q=0.5, identity', 'identity'],
    ['gzip, identity;q=0.5', 'gzip'],
    ['gzip;q=1, identity;q=1', 'gzip'],
    ['x-gzip', 'gzip'],
    ['GZIP', 'gzip'],
    ['gzip ; q=0.3 , deflate ; q=0.2', 'gzip'],
    ['gzip;q=2, deflate', 'deflate'],
    ['gzip;q=abc, deflate;q=0.1', 'deflate'],
    ['gzip;q=1.000', 'gzip'],
    ['gzip;q=0.0001', 'identity'],
    [['deflate;q=0.1', 'gzip;q=0.9'], 'gzip'],
  ] as const)('%j → %s', (header, expected) => {
    expect(negotiateEncoding(header as string | string[] | undefined)).toBe(expected);
  });

  it('breaks ties with the server order', () => {
    expect(negotiateEncoding('gzip, deflate', ['deflate', 'gzip'])).toBe('deflate');
  });

  it('never offers a coding the server does not list', () => {
    expect(negotiateEncoding('gzip', ['deflate'])).toBe('identity');
  });
});

describe('parseAcceptEncoding', () => {
  it('keeps the highest q of a repeated coding', () => {
    expect(parseAcceptEncoding('gzip;q=0.2, gzip;q=0.7').get('gzip')).toBe(0.7);
  });

  it('defaults q to 1 and ignores other parameters', () => {
    expect(parseAcceptEncoding('gzip;level=9').get('gzip')).toBe(1);
  });
});
