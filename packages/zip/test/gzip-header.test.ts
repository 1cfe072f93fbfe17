// SPDX-License-Identifier: Apache-2.0
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, gunzipSync, gzipSync } from 'node:zlib';
import { ZlibDataError } from '@uacce/abi';
import { describe, expect, it } from 'vitest';
import { GZIP_FLAGS as GZIP_FLAG, parseGzipHeader, writeGzipHeader } from '../src/gzip-header';
import { ChunkList } from '../src/internal/chunk-list';

/** Builds a header with every optional field (RFC 1952 order: FEXTRA, FNAME, FCOMMENT, FHCRC). */
function fullHeader(withCrc: boolean): Uint8Array {
  const flags =
    GZIP_FLAG.FTEXT |
    GZIP_FLAG.FEXTRA |
    GZIP_FLAG.FNAME |
    GZIP_FLAG.FCOMMENT |
    (withCrc ? GZIP_FLAG.FHCRC : 0);
  const bytes = [0x1f, 0x8b, 8, flags, 0x78, 0x56, 0x34, 0x12, 2, 3, 3, 0, 0xaa, 0xbb, 0xcc];
  bytes.push(...Buffer.from('name.txt\0', 'latin1'), ...Buffer.from('caf\xe9\0', 'latin1'));
  if (withCrc) {
    const crc = crc32(Uint8Array.from(bytes)) & 0xffff;
    bytes.push(crc & 0xff, crc >> 8);
  }
  return Uint8Array.from(bytes);
}

function expectDataError(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ZlibDataError);
    expect((error as ZlibDataError).code).toBe('Z_DATA_ERROR');
    expect((error as ZlibDataError).errno).toBe(-3);
    return;
  }
  expect.unreachable('no error thrown');
}

describe('parseGzipHeader', () => {
  it('parses the fixed 10-byte header node:zlib writes', () => {
    const parsed = parseGzipHeader(gzipSync(Buffer.from('x')));
    expect(parsed?.length).toBe(10);
    expect(parsed?.header.os).toBe(3);
    expect(parsed?.header.name).toBeUndefined();
  });

  it('parses FTEXT, FEXTRA, FNAME, FCOMMENT and a matching FHCRC', () => {
    const bytes = fullHeader(true);
    const parsed = parseGzipHeader(bytes);
    expect(parsed?.length).toBe(bytes.length);
    expect(parsed?.header).toMatchObject({
      text: true,
      mtime: 0x12345678,
      extraFlags: 2,
      os: 3,
      name: 'name.txt',
      comment: 'caf\xe9',
    });
    expect(Array.from(parsed?.header.extra ?? [])).toEqual([0xaa, 0xbb, 0xcc]);
  });

  it('returns undefined at every truncation point of a full header', () => {
    const bytes = fullHeader(true);
    for (let cut = 0; cut < bytes.length; cut++)
      expect(parseGzipHeader(bytes.subarray(0, cut))).toBeUndefined();
  });

  it('reads a header split over many chunks', () => {
    const bytes = fullHeader(true);
    const list = new ChunkList(Array.from(bytes, (byte) => Uint8Array.of(byte)));
    expect(parseGzipHeader(list)?.length).toBe(bytes.length);
  });

  it('reads a long FNAME arriving in many pieces in linear time (counted reads, no timing)', () => {
    const name = Buffer.alloc(256 * 1024, 'n');
    const header = Buffer.concat([
      Buffer.from([0x1f, 0x8b, 8, GZIP_FLAG.FNAME, 0, 0, 0, 0, 0, 3]),
      name,
      Buffer.from([0]),
    ]);
    const list = new ChunkList();
    let reads = 0;
    const counted = {
      get length() {
        return list.length;
      },
      at: (index: number) => {
        reads += 1;
        return list.at(index);
      },
      slice: (start: number, end: number) => list.slice(start, end),
    };
    const scan = { field: -1, scanned: 0 };
    let parsed: ReturnType<typeof parseGzipHeader>;
    for (let start = 0; start < header.length; start += 1024) {
      list.push(header.subarray(start, start + 1024));
      parsed = parseGzipHeader(counted, 0, scan);
      if (start + 1024 < header.length) expect(parsed).toBeUndefined();
    }
    expect(parsed?.header.name?.length).toBe(name.length);
    // Without the scan position every call would re-read the name: ~ pieces × length / 2 reads.
    expect(reads).toBeLessThan(header.length * 2);
  });

  it('rejects a header CRC that does not match', () => {
    const bytes = fullHeader(true);
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] as number) ^ 1;
    expectDataError(() => parseGzipHeader(bytes));
  });

  it.each([
    ['bad ID1', 0, 0x1e],
    ['bad ID2', 1, 0x8c],
    ['method 7', 2, 7],
    ['reserved flag', 3, 0x20],
  ])('rejects %s', (_name, index, value) => {
    const bytes = Uint8Array.from(gzipSync(Buffer.from('x')));
    bytes[index] = value;
    expectDataError(() => parseGzipHeader(bytes));
  });

  it('rejects a wrong magic before the rest of the header arrives', () => {
    expectDataError(() => parseGzipHeader(Uint8Array.of(0x1f, 0x00)));
  });

  it('parses the FNAME header of a file compressed by the gzip command', () => {
    const dir = mkdtempSync(join(tmpdir(), 'uacce-zip-'));
    try {
      writeFileSync(join(dir, 'hello.txt'), 'hello');
      execFileSync('gzip', ['-N', join(dir, 'hello.txt')]);
      const file = readFileSync(join(dir, 'hello.txt.gz'));
      const parsed = parseGzipHeader(file);
      expect(parsed?.header.name).toBe('hello.txt');
      expect(parsed?.length).toBe(10 + 'hello.txt'.length + 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('writeGzipHeader', () => {
  it.each([1, 6, 9])('writes the header node:zlib writes at level %i', (level) => {
    const ours = writeGzipHeader(level);
    expect(Array.from(ours)).toEqual(Array.from(gzipSync(Buffer.from('x'), { level }).subarray(0, 10)));
  });

  it('is accepted by gunzip in front of raw deflate and a trailer', () => {
    const member = Buffer.concat([writeGzipHeader(6), gzipSync(Buffer.from('abc')).subarray(10)]);
    expect(gunzipSync(member).toString()).toBe('abc');
  });
});
