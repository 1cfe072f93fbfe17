// SPDX-License-Identifier: Apache-2.0
import { crc32, deflateRawSync, deflateSync, gunzipSync, gzipSync, inflateSync } from 'node:zlib';
import { ZlibDataError } from '@uacce/abi';
import { describe, expect, it } from 'vitest';
import { EMPTY_FINAL_STORED_BLOCK, writeEmptyFinal } from '../src/empty-final';
import { writeGzipHeader } from '../src/gzip-header';
import { verifyGzipTrailer, verifyZlibTrailer, writeGzipTrailer, writeZlibTrailer } from '../src/trailer';
import { writeZlibHeader } from '../src/zlib-header';

const data = Buffer.from('The quick brown fox jumps over the lazy dog');
/** node:zlib's own Adler-32, read from the trailer it writes (the oracle, not our code). */
const adler32 = (bytes: Uint8Array): number => deflateSync(bytes).readUInt32BE(deflateSync(bytes).length - 4);

function messageCode(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ZlibDataError);
    return (error as ZlibDataError).code;
  }
  return undefined;
}

describe('trailers', () => {
  it('writes the trailers node:zlib writes', () => {
    const zlib = deflateSync(data);
    expect(Array.from(writeZlibTrailer(adler32(data)))).toEqual(Array.from(zlib.subarray(-4)));
    const gzip = gzipSync(data);
    expect(Array.from(writeGzipTrailer(crc32(data), data.length))).toEqual(Array.from(gzip.subarray(-8)));
  });

  it('verifies matching trailers and waits for missing bytes', () => {
    const gzip = gzipSync(data);
    expect(verifyGzipTrailer(gzip, gzip.length - 8, crc32(data), data.length)).toBe(true);
    expect(verifyGzipTrailer(gzip.subarray(0, -1), gzip.length - 8, crc32(data), data.length)).toBe(false);
    const zlib = deflateSync(data);
    expect(verifyZlibTrailer(zlib, zlib.length - 4, adler32(data))).toBe(true);
    expect(verifyZlibTrailer(zlib.subarray(0, -2), zlib.length - 4, adler32(data))).toBe(false);
  });

  it('rejects a wrong CRC, ISIZE or Adler-32 with Z_DATA_ERROR', () => {
    const gzip = gzipSync(data);
    expect(messageCode(() => verifyGzipTrailer(gzip, gzip.length - 8, crc32(data) ^ 1, data.length))).toBe(
      'Z_DATA_ERROR',
    );
    expect(messageCode(() => verifyGzipTrailer(gzip, gzip.length - 8, crc32(data), data.length + 1))).toBe(
      'Z_DATA_ERROR',
    );
    const zlib = deflateSync(data);
    expect(messageCode(() => verifyZlibTrailer(zlib, zlib.length - 4, adler32(data) + 1))).toBe(
      'Z_DATA_ERROR',
    );
  });
});

describe('writeEmptyFinal', () => {
  it('ends a fresh zlib stream validly (Adler-32 of nothing is 1)', () => {
    const stream = Buffer.concat([
      writeZlibHeader(15, 6),
      ...writeEmptyFinal('zlib', { checksum: 1, isize: 0 }),
    ]);
    expect(inflateSync(stream).length).toBe(0);
  });

  it('ends a gzip stream that already carries data', () => {
    const body = deflateRawSync(data, { finishFlush: 2 /* Z_SYNC_FLUSH */ });
    const stream = Buffer.concat([
      writeGzipHeader(6),
      body,
      ...writeEmptyFinal('gzip', { checksum: crc32(data), isize: data.length }),
    ]);
    expect(gunzipSync(stream).toString()).toBe(data.toString());
  });

  it('is the 5-byte empty stored block for raw deflate', () => {
    expect(writeEmptyFinal('deflate-raw', { checksum: 0, isize: 0 })).toEqual([EMPTY_FINAL_STORED_BLOCK]);
  });
});
