// SPDX-License-Identifier: Apache-2.0
import { encodeCqe } from '@uacce/abi/testing';
import { describe, expect, it } from 'vitest';
import { CqRing } from '../src/cq-ring';
import { SqRing } from '../src/sq-ring';

describe('SqRing', () => {
  it('allows depth - 1 outstanding SQEs and wraps the tail', () => {
    const depth = 4;
    const ring = new SqRing(new Uint8Array(128 * depth), 128, depth);
    expect(ring.free).toBe(3);
    expect([0, 1, 2].map((tag) => ring.push(new Uint8Array(128).fill(tag)))).toEqual([0, 1, 2]);
    expect(ring.free).toBe(0);
    ring.release();
    expect(ring.push(new Uint8Array(128).fill(9))).toBe(3);
    expect(ring.tail).toBe(0);
    ring.release();
    expect(ring.push(new Uint8Array(128).fill(8))).toBe(0);
    expect(ring.read(0)[5]).toBe(8);
    expect(ring.read(3)[0]).toBe(9);
  });

  it('rejects an SQE of the wrong size', () => {
    const ring = new SqRing(new Uint8Array(128 * 4), 128, 4);
    expect(() => ring.push(new Uint8Array(64))).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }),
    );
  });
});

describe('CqRing', () => {
  function cqWith(depth: number) {
    const bytes = new Uint8Array(16 * depth + 32);
    const ring = new CqRing(new DataView(bytes.buffer), 32, depth);
    const write = (index: number, sqHead: number, phase: number) =>
      bytes.set(encodeCqe({ sqHead, sqNum: 1, phase, cmdId: 0 }), 32 + index * 16);
    return { ring, write };
  }

  it('sees nothing in a zeroed CQ (expected phase starts at 1)', () => {
    const { ring } = cqWith(4);
    expect(ring.countReady(4)).toBe(0);
  });

  it('counts consecutive CQEs with the expected phase, bounded by the limit', () => {
    const { ring, write } = cqWith(4);
    write(0, 10, 1);
    write(1, 11, 1);
    expect(ring.countReady(4)).toBe(2);
    expect(ring.countReady(1)).toBe(1);
    expect([ring.sqHeadAt(0), ring.sqHeadAt(1)]).toEqual([10, 11]);
  });

  it('inverts the expected phase at every wrap', () => {
    const { ring, write } = cqWith(4);
    for (let index = 0; index < 4; index++) write(index, index, 1);
    expect(ring.countReady(8)).toBe(4);
    ring.advance(4);
    expect(ring.head).toBe(0);
    // Old entries with phase 1 are stale on the second pass.
    expect(ring.countReady(8)).toBe(0);
    write(0, 20, 0);
    write(1, 21, 0);
    expect(ring.countReady(8)).toBe(2);
    expect(ring.sqHeadAt(1)).toBe(21);
    ring.advance(2);
    write(2, 22, 0);
    write(3, 23, 0);
    write(0, 24, 1);
    expect(ring.countReady(8)).toBe(3);
    expect(ring.sqHeadAt(2)).toBe(24);
  });
});
