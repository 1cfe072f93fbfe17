// SPDX-License-Identifier: Apache-2.0
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChunkList } from '../src/internal/chunk-list';

/** Splits `bytes` at the given cut points (sorted, deduplicated) into views. */
function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const pieces: Uint8Array[] = [];
  let start = 0;
  for (const point of [...points, bytes.length]) {
    pieces.push(bytes.subarray(start, point));
    start = point;
  }
  return pieces;
}

describe('ChunkList', () => {
  it('reads, slices, ranges and consumes like one array', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 200 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.nat(),
        fc.nat(),
        (bytes, cuts, a, b) => {
          const list = new ChunkList(split(bytes, cuts));
          expect(list.length).toBe(bytes.length);
          const start = a % (bytes.length + 1);
          const end = start + (b % (bytes.length - start + 1));
          expect(Array.from(list.slice(start, end))).toEqual(Array.from(bytes.subarray(start, end)));
          const joined = Buffer.concat(list.ranges(start, end - start));
          expect(Array.from(joined)).toEqual(Array.from(bytes.subarray(start, end)));
          expect(list.at(start)).toBe(bytes[start]);
          list.consume(start);
          expect(list.length).toBe(bytes.length - start);
          expect(Array.from(list.slice(0, list.length))).toEqual(Array.from(bytes.subarray(start)));
        },
      ),
    );
  });

  it('hands out views of the caller’s buffers, not copies', () => {
    const first = Uint8Array.of(1, 2, 3);
    const second = Uint8Array.of(4, 5);
    const list = new ChunkList([first, new Uint8Array(0), second]);
    const [a, b] = list.ranges(1, 3);
    expect(a?.buffer).toBe(first.buffer);
    expect(b?.buffer).toBe(second.buffer);
    expect(list.chunks).toHaveLength(2);
  });
});
