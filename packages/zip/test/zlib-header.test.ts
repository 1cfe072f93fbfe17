// SPDX-License-Identifier: Apache-2.0
import { deflateSync, inflateSync } from 'node:zlib';
import { ZlibDataError } from '@uacce/abi';
import { describe, expect, it } from 'vitest';
import { parseZlibHeader, writeZlibHeader } from '../src/zlib-header';

/** A syntactically valid header for CMF with the given FLG bits (FCHECK filled in). */
function header(cmf: number, flagBits: number): Uint8Array {
  const flg = flagBits | ((31 - ((cmf * 256 + flagBits) % 31)) % 31);
  return Uint8Array.of(cmf, flg);
}

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ZlibDataError);
    return (error as ZlibDataError).code;
  }
  return undefined;
}

/** What node:zlib says about the same header followed by an empty final stored block. */
function nodeCode(bytes: Uint8Array, windowBits = 15): string | undefined {
  try {
    inflateSync(Buffer.concat([bytes, Buffer.from([1, 0, 0, 0xff, 0xff, 0, 0, 0, 1])]), { windowBits });
  } catch (error) {
    return (error as { code: string }).code;
  }
  return undefined;
}

describe('parseZlibHeader', () => {
  it('accepts every header node:zlib writes', () => {
    for (const level of [0, 1, 5, 6, 9]) {
      for (const windowBits of [9, 12, 15]) {
        const parsed = parseZlibHeader(deflateSync(Buffer.from('x'), { level, windowBits }));
        expect(parsed?.windowBits).toBe(windowBits);
      }
    }
  });

  it('waits for two bytes', () => {
    expect(parseZlibHeader(Uint8Array.of(0x78))).toBeUndefined();
  });

  it.each([
    ['bad FCHECK', Uint8Array.of(0x78, 0x9d), 15],
    ['method 7', header(0x77, 0), 15],
    ['CINFO 8', header(0x88, 0), 15],
    ['window larger than allowed', header(0x78, 0x80), 10],
    ['FDICT', header(0x78, 0x20), 15],
  ])('rejects %s with node:zlib code', (_name, bytes, windowBits) => {
    const code = codeOf(() => parseZlibHeader(bytes, 0, windowBits));
    expect(code).toBeDefined();
    expect(code).toBe(nodeCode(bytes, windowBits));
  });

  it('reports FDICT as Z_NEED_DICT with errno 2', () => {
    try {
      parseZlibHeader(header(0x78, 0x20));
      expect.unreachable();
    } catch (error) {
      expect((error as ZlibDataError).code).toBe('Z_NEED_DICT');
      expect((error as ZlibDataError).errno).toBe(2);
    }
  });
});

describe('writeZlibHeader', () => {
  it.each([
    [15, 6],
    [15, 1],
    [15, 9],
    [15, 3],
    [12, 6],
    [9, 0],
  ])('matches node:zlib for windowBits %i level %i', (windowBits, level) => {
    const expected = deflateSync(Buffer.from('x'), { windowBits, level }).subarray(0, 2);
    expect(Array.from(writeZlibHeader(windowBits, level))).toEqual(Array.from(expected));
  });
});
