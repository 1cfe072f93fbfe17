// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { appendVary, decideCompression, type ResponseFacts, weakenEtag } from '../src/decide';
import { isCompressibleType, resolveOptions } from '../src/options';

const base: ResponseFacts = {
  method: 'GET',
  statusCode: 200,
  acceptEncoding: 'gzip',
  contentType: 'text/plain; charset=utf-8',
  contentEncoding: undefined,
  cacheControl: undefined,
  length: undefined,
};
const options = resolveOptions();

describe('decideCompression', () => {
  it.each([
    ['a compressible 200 of unknown length', {}, 'gzip'],
    ['a length at the threshold', { length: 1024 }, 'gzip'],
    ['HEAD', { method: 'HEAD' }, 'method'],
    ['204', { statusCode: 204 }, 'status'],
    ['304', { statusCode: 304 }, 'status'],
    ['101', { statusCode: 101 }, 'status'],
    ['an already-encoded body', { contentEncoding: 'br' }, 'encoded'],
    ['Content-Encoding: identity', { contentEncoding: 'identity' }, 'gzip'],
    ['an image', { contentType: 'image/png' }, 'type'],
    ['no content type', { contentType: undefined }, 'type'],
    ['Cache-Control: no-transform', { cacheControl: 'public, no-transform' }, 'no-transform'],
    ['Cache-Control without no-transform', { cacheControl: 'max-age=60' }, 'gzip'],
    ['a body under the threshold', { length: 1023 }, 'size'],
    ['a client without Accept-Encoding', { acceptEncoding: undefined }, 'accept'],
    ['a client preferring deflate', { acceptEncoding: 'deflate, gzip;q=0.5' }, 'deflate'],
  ] as const)('%s → %s', (_name, change, expected) => {
    const decision = decideCompression({ ...base, ...change }, options);
    expect(decision.compress === false ? decision.reason : decision.compress).toBe(expected);
  });

  it('asks for Vary whenever the type is compressible, even when sent as is', () => {
    expect(decideCompression({ ...base, acceptEncoding: undefined }, options).vary).toBe(true);
    expect(decideCompression({ ...base, length: 10 }, options).vary).toBe(true);
    expect(decideCompression({ ...base, contentType: 'image/jpeg' }, options).vary).toBe(false);
  });

  it('uses a custom threshold and filter', () => {
    const custom = resolveOptions({ threshold: 0, filter: (type: string) => type === 'image/bmp' });
    expect(decideCompression({ ...base, contentType: 'image/bmp', length: 1 }, custom).compress).toBe('gzip');
    expect(decideCompression(base, custom).compress).toBe(false);
  });
});

describe('helpers', () => {
  it.each([
    ['"abc"', 'W/"abc"'],
    ['W/"abc"', 'W/"abc"'],
  ])('weakenEtag(%s) = %s', (etag, weak) => expect(weakenEtag(etag)).toBe(weak));

  it.each([
    [undefined, 'Accept-Encoding'],
    ['Origin', 'Origin, Accept-Encoding'],
    ['origin, accept-encoding', 'origin, accept-encoding'],
    ['*', '*'],
  ])('appendVary(%s)', (current, expected) => expect(appendVary(current, 'Accept-Encoding')).toBe(expected));

  it.each([
    ['text/html; charset=utf-8', true],
    ['application/json', true],
    ['application/vnd.api+json', true],
    ['application/x-ndjson', true],
    ['text/event-stream', true],
    ['image/svg+xml', true],
    ['image/png', false],
    ['application/zip', false],
    ['font/woff2', false],
  ])('isCompressibleType(%s) = %s', (type, expected) => expect(isCompressibleType(type)).toBe(expected));
});

describe('206 Partial Content', () => {
  it('is sent as is (a compressed range would not match its Content-Range)', () => {
    expect(decideCompression({ ...base, statusCode: 206 }, options)).toMatchObject({
      compress: false,
      reason: 'status',
    });
  });
});
