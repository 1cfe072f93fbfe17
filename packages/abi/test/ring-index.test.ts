// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { advanceCqCursor, advanceRingIndex, CQ_CURSOR_START, type CqCursor, sqFreeSlots } from '../src/index';

describe('SQ rules (spec §3.2)', () => {
  it('allows at most depth − 1 outstanding SQEs', () => {
    expect(sqFreeSlots(1024, 0)).toBe(1023);
    expect(sqFreeSlots(1024, 1023)).toBe(0);
    expect(() => sqFreeSlots(1024, 1024)).toThrowError(expect.objectContaining({ code: 'ERR_OUT_OF_RANGE' }));
  });

  it('wraps the tail modulo depth', () => {
    expect(advanceRingIndex(1020, 10, 1024)).toBe(6);
    expect(advanceRingIndex(0, 16, 1024)).toBe(16);
    expect(() => advanceRingIndex(1024, 1, 1024)).toThrowError(
      expect.objectContaining({ code: 'ERR_OUT_OF_RANGE' }),
    );
  });
});

describe('CQ consumer cursor (spec §3.4)', () => {
  it('starts at head 0 expecting phase 1', () => {
    expect(CQ_CURSOR_START).toEqual({ head: 0, phase: 1 });
  });

  it('inverts the phase each time the head wraps', () => {
    let cursor: CqCursor = CQ_CURSOR_START;
    const depth = 4;
    const seen: string[] = [];
    for (let i = 0; i < 9; i++) {
      cursor = advanceCqCursor(cursor, depth);
      seen.push(`${cursor.head}/${cursor.phase}`);
    }
    expect(seen).toEqual(['1/1', '2/1', '3/1', '0/0', '1/0', '2/0', '3/0', '0/1', '1/1']);
  });
});
