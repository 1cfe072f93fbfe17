// SPDX-License-Identifier: Apache-2.0
import { crc32, deflateSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SegmentedChecksum } from '../src/segmented-checksum';

/** node:zlib's Adler-32, read from the trailer it writes. */
const adler32 = (bytes: Uint8Array): number => {
  const stream = deflateSync(bytes);
  return stream.readUInt32BE(stream.length - 4);
};

describe('SegmentedChecksum', () => {
  it('combines segments into the checksum and ISIZE of the whole input', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { minLength: 1, maxLength: 5 }), (segments) => {
        const whole = Buffer.concat(segments);
        const gzip = new SegmentedChecksum('gzip');
        const zlib = new SegmentedChecksum('zlib');
        for (const segment of segments.slice(0, -1)) {
          gzip.close(crc32(segment), segment.length);
          zlib.close(adler32(segment), segment.length);
        }
        const last = segments.at(-1) as Uint8Array;
        expect(gzip.combined(crc32(last), last.length)).toEqual({
          checksum: crc32(whole),
          isize: whole.length,
        });
        expect(zlib.combined(adler32(last), last.length).checksum).toBe(adler32(whole));
      }),
    );
  });
});
