// SPDX-License-Identifier: Apache-2.0
import { deflateSync, gzipSync, crc32 as nodeCrc32 } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  adler32,
  adler32Combine,
  bitReverse32,
  crc32,
  crc32Combine,
  gzipCrcFromChecksumWord,
  zlibAdlerFromChecksumWord,
} from '../src/index';
import { checksumWordFromGzipCrc } from '../src/testing';

const text = (value: string) => new TextEncoder().encode(value);

// The zlib stream's trailer is the Adler-32 of its input, big-endian: an independent oracle.
function zlibAdler(data: Uint8Array): number {
  const stream = deflateSync(data);
  return stream.readUInt32BE(stream.length - 4);
}

function pseudoRandom(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

describe('crc32', () => {
  it('has the standard check value', () => {
    expect(crc32(text('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it('agrees with node:zlib for lengths around the 8-byte stride', () => {
    for (const length of [1, 7, 8, 9, 15, 16, 17, 1000, 65537]) {
      const data = pseudoRandom(length, length);
      expect(crc32(data)).toBe(nodeCrc32(data));
    }
  });

  it('streams: passing the previous value continues the CRC', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ maxLength: 300 }), (a, b) => {
        const whole = new Uint8Array([...a, ...b]);
        expect(crc32(b, crc32(a))).toBe(nodeCrc32(whole));
      }),
    );
  });

  it('matches the CRC in a gzip trailer', () => {
    const data = pseudoRandom(5000, 7);
    const gz = gzipSync(data);
    expect(crc32(data)).toBe(gz.readUInt32LE(gz.length - 8));
  });
});

describe('adler32', () => {
  it('has the standard check value and starts at 1', () => {
    expect(adler32(text('123456789'))).toBe(0x091e01de);
    expect(adler32(new Uint8Array(0))).toBe(1);
  });

  it('agrees with the zlib trailer, including past the 5552-byte modulo batch', () => {
    for (const length of [1, 5551, 5552, 5553, 100_000]) {
      const data = pseudoRandom(length, length).fill(0xff, 0, Math.min(length, 6000));
      expect(adler32(data)).toBe(zlibAdler(data));
    }
  });

  it('streams: passing the previous value continues the checksum', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ maxLength: 300 }), (a, b) => {
        expect(adler32(b, adler32(a))).toBe(adler32(new Uint8Array([...a, ...b])));
      }),
    );
  });
});

describe('combine', () => {
  it('crc32Combine equals the CRC of the concatenation', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.uint8Array({ maxLength: 200 }), (a, b) => {
        expect(crc32Combine(crc32(a), crc32(b), b.length)).toBe(nodeCrc32(new Uint8Array([...a, ...b])));
      }),
    );
  });

  it('adler32Combine equals the Adler-32 of the concatenation', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.uint8Array({ maxLength: 200 }), (a, b) => {
        expect(adler32Combine(adler32(a), adler32(b), b.length)).toBe(
          zlibAdler(new Uint8Array([...a, ...b])),
        );
      }),
    );
  });

  it('combines a megabyte-long second part', () => {
    const a = pseudoRandom(100, 1);
    const b = pseudoRandom(1 << 20, 2);
    expect(crc32Combine(crc32(a), crc32(b), b.length)).toBe(nodeCrc32(new Uint8Array([...a, ...b])));
    expect(adler32Combine(adler32(a), adler32(b), b.length)).toBe(adler32(b, adler32(a)));
  });

  it('is associative for lengths beyond 2^32', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffff_ffff }),
        fc.integer({ min: 0, max: 0xffff_ffff }),
        fc.integer({ min: 0, max: 0xffff_ffff }),
        fc.integer({ min: 0, max: 2 ** 40 }),
        fc.integer({ min: 0, max: 2 ** 40 }),
        (a, b, c, lengthB, lengthC) => {
          expect(crc32Combine(crc32Combine(a, b, lengthB), c, lengthC)).toBe(
            crc32Combine(a, crc32Combine(b, c, lengthC), lengthB + lengthC),
          );
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('SQE checksum word (spec §4.5)', () => {
  it('reverses bits', () => {
    expect(bitReverse32(1)).toBe(0x8000_0000);
    expect(bitReverse32(0xcbf43926)).toBe(0x649c2fd3);
  });

  it('converts the standard check CRC to its DW31 form and back', () => {
    expect(checksumWordFromGzipCrc(0xcbf43926)).toBe(0x9b63d02c);
    expect(gzipCrcFromChecksumWord(0x9b63d02c)).toBe(0xcbf43926);
  });

  it('round-trips every 32-bit value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff_ffff }), (crc) => {
        expect(gzipCrcFromChecksumWord(checksumWordFromGzipCrc(crc))).toBe(crc);
      }),
    );
  });

  it('yields the gzip trailer CRC from a DW31 the hardware would hold', () => {
    const data = pseudoRandom(777, 3);
    const gz = gzipSync(data);
    const dw31 = checksumWordFromGzipCrc(crc32(data));
    expect(gzipCrcFromChecksumWord(dw31)).toBe(gz.readUInt32LE(gz.length - 8));
  });

  it('holds the zlib Adler-32 in native form', () => {
    expect(zlibAdlerFromChecksumWord(0x091e01de)).toBe(0x091e01de);
  });
});
