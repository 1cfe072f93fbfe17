// SPDX-License-Identifier: Apache-2.0
// Corrupt and truncated inputs: the hardware path answers as node:zlib does (same `code`, or the
// same output where node accepts the data), never with a hang or a crash.
import zlib from 'node:zlib';
import { ZlibDataError } from '@uacce/abi';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ZipFormat } from '../src/index';
import { HARDWARE_APIS, useEmulatedEngine } from './support/emulated-engine';
import { caught, nodeOutcome, ourOutcome } from './support/expect-error';
import { nodeDecode, nodeEncode } from './support/oracles';

const data = Buffer.from(
  Array.from({ length: 300 }, (_, index) => `record ${index} ${'abc'.repeat(index % 9)}\n`).join(''),
);

/** A gzip member with every optional header field and a header CRC. */
function fullHeaderMember(payload: Buffer): Buffer {
  const flags = 0x02 | 0x04 | 0x08 | 0x10;
  const header = Buffer.concat([
    Buffer.from([0x1f, 0x8b, 8, flags, 0, 0, 0, 0, 0, 3]),
    Buffer.from([4, 0, 1, 2, 3, 4]),
    Buffer.from('name\0comment\0', 'latin1'),
  ]);
  const crc = zlib.crc32(header) & 0xffff;
  return Buffer.concat([header, Buffer.from([crc & 0xff, crc >> 8]), zlib.gzipSync(payload).subarray(10)]);
}

describe.each(HARDWARE_APIS)('decompression errors on %s', (api) => {
  const emulated = useEmulatedEngine(api);

  const formats = (): ZipFormat[] => emulated.engine.formats('decompress');
  const compare = async (format: ZipFormat, input: Buffer) => {
    const expected = nodeOutcome(() => nodeDecode(format, input));
    const actual = await ourOutcome(() => emulated.engine.decompress(format, input));
    expect(actual).toEqual(expected);
    // The synchronous path runs the same state machine and must answer the same way.
    expect(await ourOutcome(async () => emulated.engine.decompressSync(format, input))).toEqual(expected);
    return actual;
  };

  it('reports a stream cut at any point as node does (Z_BUF_ERROR, "unexpected end of file")', async () => {
    for (const format of formats()) {
      const compressed = nodeEncode(format, data);
      for (let cut = 0; cut < compressed.length; cut += cut < 20 || cut > compressed.length - 12 ? 1 : 97) {
        await compare(format, compressed.subarray(0, cut));
      }
    }
  });

  it('answers randomly corrupted streams as node does', async () => {
    for (const format of formats()) {
      const compressed = nodeEncode(format, data);
      await fc.assert(
        fc.asyncProperty(
          fc.nat(compressed.length - 1),
          fc.integer({ min: 1, max: 255 }),
          async (index, flip) => {
            const corrupt = Buffer.from(compressed);
            corrupt[index] = (corrupt[index] as number) ^ flip;
            await compare(format, corrupt);
          },
        ),
        { numRuns: 25 },
      );
    }
  });

  it.each([
    ['bad magic', (gz: Buffer) => Buffer.concat([Buffer.from([0x1f, 0x8c]), gz.subarray(2)])],
    ['unknown method', (gz: Buffer) => Buffer.concat([gz.subarray(0, 2), Buffer.from([7]), gz.subarray(3)])],
    [
      'reserved flags',
      (gz: Buffer) => Buffer.concat([gz.subarray(0, 3), Buffer.from([0x40]), gz.subarray(4)]),
    ],
    [
      'CRC mismatch',
      (gz: Buffer) => Buffer.concat([gz.subarray(0, -8), Buffer.from([0, 0, 0, 0]), gz.subarray(-4)]),
    ],
    ['ISIZE mismatch', (gz: Buffer) => Buffer.concat([gz.subarray(0, -4), Buffer.from([9, 9, 9, 9])])],
    ['trailing garbage', (gz: Buffer) => Buffer.concat([gz, Buffer.from('garbage')])],
    ['trailing zeros', (gz: Buffer) => Buffer.concat([gz, Buffer.alloc(4)])],
    ['a truncated second member', (gz: Buffer) => Buffer.concat([gz, gz.subarray(0, 12)])],
    [
      'FHCRC mismatch',
      () => {
        const member = fullHeaderMember(data);
        member[25] = (member[25] as number) ^ 1;
        return member;
      },
    ],
  ])('gzip: %s', async (_name, mutate) => {
    await compare('gzip', mutate(zlib.gzipSync(data)));
  });

  it('parses and verifies a gzip header with FEXTRA, FNAME, FCOMMENT and FHCRC', async () => {
    expect((await compare('gzip', fullHeaderMember(data))).output?.equals(data)).toBe(true);
  });

  it.each([
    ['bad FCHECK', (z: Buffer) => Buffer.concat([Buffer.from([0x78, 0x9d]), z.subarray(2)])],
    [
      'Adler-32 mismatch',
      (z: Buffer) => Buffer.concat([z.subarray(0, -1), Buffer.from([(z.at(-1) as number) ^ 1])]),
    ],
    ['window too large', (z: Buffer) => Buffer.concat([Buffer.from([0x88, 0x98]), z.subarray(2)])],
    ['trailing garbage', (z: Buffer) => Buffer.concat([z, Buffer.from('garbage')])],
  ])('zlib: %s', async (_name, mutate) => {
    await compare('zlib', mutate(zlib.deflateSync(data)));
  });

  it('reports a preset dictionary as Z_NEED_DICT (errno 2)', async () => {
    const withDictionary = zlib.deflateSync(data, { dictionary: Buffer.from('record abc') });
    const error = await caught(() => emulated.engine.decompress('zlib', withDictionary));
    expect(error).toBeInstanceOf(ZlibDataError);
    expect([error.code, error.errno]).toEqual(['Z_NEED_DICT', 2]);
    await compare('zlib', withDictionary);
  });

  it('checks the declared window against windowBits', async () => {
    const compressed = zlib.deflateSync(data, { windowBits: 15 });
    const error = await caught(() => emulated.engine.decompress('zlib', compressed, { windowBits: 10 }));
    expect(error.code).toBe('Z_DATA_ERROR');
  });

  it('stops a decompression bomb at maxOutputLength with ERR_BUFFER_TOO_LARGE', async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(20 * 1024 * 1024));
    for (const maxOutputLength of [1, 4096, 1024 * 1024]) {
      const error = await caught(() => emulated.engine.decompress('gzip', bomb, { maxOutputLength }));
      expect(error).toBeInstanceOf(ZlibDataError);
      expect(error.code).toBe('ERR_BUFFER_TOO_LARGE');
    }
    const exact = await emulated.engine.decompress('gzip', zlib.gzipSync(Buffer.alloc(5000)), {
      maxOutputLength: 5000,
    });
    expect(exact.length).toBe(5000);
  });
});
