// SPDX-License-Identifier: Apache-2.0
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  constants,
  deflateRawSync,
  deflateSync,
  gunzipSync,
  gzipSync,
  inflateRawSync,
  inflateSync,
} from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  adler32,
  crc32,
  defaultHeaderFor,
  EMPTY_FINAL_STORED_BLOCK,
  emptyFinalBlockWithTrailer,
  encodeGzipTrailer,
  encodeZlibTrailer,
  GZIP_FLAG,
  GZIP_HEADER_DEFAULT,
  GZIP_HEADER_SIZE,
  GZIP_MAGIC,
  GZIP_TRAILER_SIZE,
  gzipHeaderLength,
  isValidZlibHeader,
  ZLIB_FDICT,
  ZLIB_HEADER_DEFAULT,
  ZLIB_HEADER_SIZE,
  ZLIB_TRAILER_SIZE,
  ZlibDataError,
  zlibHeaderHasDictionary,
  zlibWindowBits,
  zlibWindowSize,
} from '../src/index';
import { checksumWordFromGzipCrc } from '../src/testing';
import { toHex } from './helpers';

describe('header and trailer bytes (spec §4.8)', () => {
  it('has the drivers’ default headers', () => {
    expect(toHex(GZIP_HEADER_DEFAULT)).toBe('1f8b0800000000000003');
    expect(toHex(ZLIB_HEADER_DEFAULT)).toBe('789c');
    expect(toHex(GZIP_MAGIC)).toBe('1f8b');
    expect(GZIP_HEADER_DEFAULT.length).toBe(GZIP_HEADER_SIZE);
    expect(ZLIB_HEADER_DEFAULT.length).toBe(ZLIB_HEADER_SIZE);
    expect(GZIP_TRAILER_SIZE).toBe(8);
    expect(ZLIB_TRAILER_SIZE).toBe(4);
    expect(GZIP_FLAG).toEqual({ FTEXT: 1, FHCRC: 2, FEXTRA: 4, FNAME: 8, FCOMMENT: 16 });
  });

  it('matches node:zlib’s zlib header at the default level', () => {
    expect(toHex(deflateSync(Buffer.from('x')).subarray(0, 2))).toBe(toHex(ZLIB_HEADER_DEFAULT));
  });

  it('builds a valid empty gzip stream from header, empty stored block and trailer', () => {
    const stream = new Uint8Array([
      ...GZIP_HEADER_DEFAULT,
      ...EMPTY_FINAL_STORED_BLOCK,
      ...encodeGzipTrailer(0, 0),
    ]);
    expect(gunzipSync(stream).length).toBe(0);
    expect(stream.length).toBe(10 + 5 + 8);
  });

  it('builds a valid empty zlib stream whose trailer is adler32 big-endian', () => {
    const trailer = encodeZlibTrailer(adler32(new Uint8Array(0)));
    expect(toHex(trailer)).toBe('00000001');
    const stream = new Uint8Array([...ZLIB_HEADER_DEFAULT, ...EMPTY_FINAL_STORED_BLOCK, ...trailer]);
    expect(inflateSync(stream).length).toBe(0);
  });

  it('is an empty final stored block that raw inflate accepts', () => {
    expect(inflateRawSync(EMPTY_FINAL_STORED_BLOCK).length).toBe(0);
  });

  it('writes gzip trailers as node:zlib does', () => {
    const data = new TextEncoder().encode('hello hardware');
    const gz = gzipSync(data);
    expect(toHex(encodeGzipTrailer(crc32(data), data.length))).toBe(toHex(gz.subarray(gz.length - 8)));
  });
});

describe('zlib header checks', () => {
  it.each([
    [constants.Z_NO_COMPRESSION, 15],
    [1, 15],
    [6, 15],
    [9, 15],
    [6, 9],
    [6, 12],
  ])('accepts node:zlib’s header at level %i, windowBits %i', (level, windowBits) => {
    const header = deflateSync(Buffer.from('abc'), { level, windowBits }).subarray(0, 2);
    expect(isValidZlibHeader(header)).toBe(true);
    expect(zlibWindowBits(header)).toBe(windowBits);
    expect(zlibWindowSize(header)).toBe(1 << windowBits);
    expect(zlibHeaderHasDictionary(header)).toBe(false);
  });

  it('sees FDICT in a stream made with a dictionary', () => {
    const header = deflateSync(Buffer.from('abc'), { dictionary: Buffer.from('abc') }).subarray(0, 2);
    expect(isValidZlibHeader(header)).toBe(true);
    expect(header[1]! & ZLIB_FDICT).toBe(ZLIB_FDICT);
    expect(zlibHeaderHasDictionary(header)).toBe(true);
  });

  it.each([
    ['a bad check sum', [0x78, 0x9d]],
    ['method 7', [0x77, 0x9c]],
    ['CINFO 8', [0x88, 0x98]],
    ['a gzip magic', [0x1f, 0x8b]],
    ['one byte', [0x78]],
  ])('rejects %s', (_name, bytes) => {
    expect(isValidZlibHeader(Uint8Array.from(bytes))).toBe(false);
  });
});

describe('gzipHeaderLength', () => {
  it('is 10 for the default header and node:zlib output', () => {
    expect(gzipHeaderLength(GZIP_HEADER_DEFAULT)).toBe(10);
    expect(gzipHeaderLength(gzipSync(Buffer.from('x')))).toBe(10);
  });

  it('follows FNAME as the gzip command writes it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'abi-gzip-'));
    try {
      const file = join(dir, 'named-file.txt');
      writeFileSync(file, 'payload');
      const gz = execFileSync('gzip', ['-c', '-N', file]);
      expect(gz[3]! & GZIP_FLAG.FNAME).toBe(GZIP_FLAG.FNAME);
      expect(gzipHeaderLength(gz)).toBe(10 + 'named-file.txt'.length + 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('follows FEXTRA, FNAME, FCOMMENT and FHCRC together', () => {
    const header = Uint8Array.from([
      0x1f,
      0x8b,
      8,
      GZIP_FLAG.FEXTRA | GZIP_FLAG.FNAME | GZIP_FLAG.FCOMMENT | GZIP_FLAG.FHCRC,
      0,
      0,
      0,
      0,
      0,
      3,
      3,
      0,
      0xaa,
      0xbb,
      0xcc, // XLEN 3 + 3 bytes
      0x61,
      0, // name "a"
      0x62,
      0x63,
      0, // comment "bc"
      0x12,
      0x34, // header CRC16
    ]);
    expect(gzipHeaderLength(header)).toBe(header.length);
    expect(gzipHeaderLength(header.subarray(0, header.length - 1))).toBeUndefined();
    expect(gzipHeaderLength(header.subarray(0, 16))).toBeUndefined();
  });

  it('needs more bytes for a partial header', () => {
    expect(gzipHeaderLength(new Uint8Array(0))).toBeUndefined();
    expect(gzipHeaderLength(GZIP_HEADER_DEFAULT.subarray(0, 9))).toBeUndefined();
  });

  it.each([
    ['a wrong magic', [0x1f, 0x8c, 8, 0, 0, 0, 0, 0, 0, 3]],
    ['a wrong first byte of a short header', [0x78]],
    ['method 7', [0x1f, 0x8b, 7, 0, 0, 0, 0, 0, 0, 3]],
    ['a reserved flag', [0x1f, 0x8b, 8, 0x20, 0, 0, 0, 0, 0, 3]],
  ])('rejects %s with Z_DATA_ERROR', (_name, bytes) => {
    const call = () => gzipHeaderLength(Uint8Array.from(bytes));
    expect(call).toThrow(ZlibDataError);
    expect(call).toThrowError(expect.objectContaining({ code: 'Z_DATA_ERROR', errno: -3 }));
  });
});

describe('empty final request (spec §4.8)', () => {
  const data = new TextEncoder().encode('stream content flushed before an empty final request. '.repeat(20));
  const body = deflateRawSync(data, { finishFlush: constants.Z_SYNC_FLUSH });

  it('completes a gzip stream from DW31/DW30 so gunzip accepts it', () => {
    const tail = emptyFinalBlockWithTrailer('gzip', {
      checksumWord: checksumWordFromGzipCrc(crc32(data)),
      isize: data.length,
    });
    expect(tail.length).toBe(13);
    const stream = new Uint8Array([...defaultHeaderFor('gzip'), ...body, ...tail]);
    expect(Buffer.from(gunzipSync(stream)).equals(Buffer.from(data))).toBe(true);
  });

  it('completes a zlib stream from the native Adler-32 in DW31 so inflate accepts it', () => {
    const tail = emptyFinalBlockWithTrailer('zlib', { checksumWord: adler32(data), isize: data.length });
    expect(tail.length).toBe(9);
    const stream = new Uint8Array([...defaultHeaderFor('zlib'), ...body, ...tail]);
    expect(Buffer.from(inflateSync(stream)).equals(Buffer.from(data))).toBe(true);
  });

  it('is the bare 5-byte block for raw deflate', () => {
    const tail = emptyFinalBlockWithTrailer('deflate', { checksumWord: 0, isize: 0 });
    expect(toHex(tail)).toBe('010000ffff');
    expect(defaultHeaderFor('deflate').length).toBe(0);
    expect(Buffer.from(inflateRawSync(new Uint8Array([...body, ...tail]))).equals(Buffer.from(data))).toBe(
      true,
    );
  });

  it('returns copies, never the shared constants', () => {
    const tail = emptyFinalBlockWithTrailer('deflate', { checksumWord: 0, isize: 0 });
    tail[0] = 0;
    expect(EMPTY_FINAL_STORED_BLOCK[0]).toBe(1);
    const header = defaultHeaderFor('gzip');
    header[0] = 0;
    expect(GZIP_HEADER_DEFAULT[0]).toBe(0x1f);
  });

  it('rejects an unknown format', () => {
    expect(() => emptyFinalBlockWithTrailer('lz4' as 'gzip', { checksumWord: 0, isize: 0 })).toThrowError(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }),
    );
  });
});
