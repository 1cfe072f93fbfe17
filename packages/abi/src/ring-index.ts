// SPDX-License-Identifier: Apache-2.0
// Index arithmetic of the SQ and CQ rings (spec §3.2, §3.4). The producer may keep at most
// depth − 1 SQEs outstanding; the consumer walks the CQ with an expected phase that starts at 1
// (the CQ is zeroed at open) and flips every time the head wraps to 0.
import { checkInteger } from './internal/validate';

/** Free SQ slots: `(depth − 1) − outstanding`, never negative. Throws ERR_OUT_OF_RANGE. */
export function sqFreeSlots(depth: number, outstanding: number): number {
  checkInteger('depth', depth, 2, 0xffff + 1);
  checkInteger('outstanding', outstanding, 0, depth - 1);
  return depth - 1 - outstanding;
}

/** `(index + count) mod depth`: the SQ tail after `count` submissions. Throws ERR_OUT_OF_RANGE. */
export function advanceRingIndex(index: number, count: number, depth: number): number {
  checkInteger('depth', depth, 1, 0xffff + 1);
  checkInteger('index', index, 0, depth - 1);
  checkInteger('count', count, 0, Number.MAX_SAFE_INTEGER);
  return (index + count) % depth;
}

/** Consumer position in the CQ. */
export interface CqCursor {
  head: number;
  /** The phase a new CQE at `head` carries. */
  phase: number;
}

/** Where a consumer starts: head 0, expected phase 1. */
export const CQ_CURSOR_START: Readonly<CqCursor> = Object.freeze({ head: 0, phase: 1 });

/** The cursor after consuming one CQE: head + 1, wrapping to 0 with the phase inverted. Throws ERR_OUT_OF_RANGE. */
export function advanceCqCursor(cursor: CqCursor, depth: number): CqCursor {
  checkInteger('depth', depth, 1, 0xffff + 1);
  checkInteger('head', cursor.head, 0, depth - 1);
  checkInteger('phase', cursor.phase, 0, 1);
  const head = cursor.head + 1;
  return head === depth ? { head: 0, phase: cursor.phase ^ 1 } : { head, phase: cursor.phase };
}
