// SPDX-License-Identifier: Apache-2.0
// The completion ring (spec §3.4) right after the SQ in the DUS region: 16-byte CQEs whose
// phase bit is 1 on the device's first pass and flips on every wrap. The consumer keeps its own
// head and expected phase (starting 0 and 1: the kernel zeroes the CQ at open):
//
//   head                      phase of CQE[i] == expected  → new completion
//    v
//   [ C C C C . . . . . . . . ]  after head reaches depth: head = 0, expected phase inverted
//
// Only the phase word is read here before the caller's load barrier; sq_head is read after it.
import { CQE_PHASE_MASK, CQE_SIZE, CQE_SQ_HEAD_OFFSET, CQE_W7_OFFSET } from '@uacce/abi';

export class CqRing {
  readonly depth: number;
  readonly #view: DataView;
  readonly #base: number;
  #head = 0;
  #phase = 1;

  /** `view` covers the DUS mapping; the CQ starts at `base`. */
  constructor(view: DataView, base: number, depth: number) {
    this.#view = view;
    this.#base = base;
    this.depth = depth;
  }

  /** The next CQE to read; the CQ doorbell carries it as index. */
  get head(): number {
    return this.#head;
  }

  /**
   * How many consecutive CQEs from the head carry the expected phase, up to `limit` (the number
   * of outstanding SQEs: more completions than submissions cannot be real).
   */
  countReady(limit: number): number {
    let head = this.#head;
    let phase = this.#phase;
    let count = 0;
    while (count < limit) {
      const w7 = this.#view.getUint16(this.#base + head * CQE_SIZE + CQE_W7_OFFSET, true);
      if ((w7 & CQE_PHASE_MASK) !== phase) break;
      count++;
      head++;
      if (head === this.depth) {
        head = 0;
        phase ^= 1;
      }
    }
    return count;
  }

  /** sq_head of the CQE `index` entries after the head. Call only after the load barrier. */
  sqHeadAt(index: number): number {
    const slot = (this.#head + index) % this.depth;
    return this.#view.getUint16(this.#base + slot * CQE_SIZE + CQE_SQ_HEAD_OFFSET, true);
  }

  /** Consumes `count` CQEs: head moves on, the expected phase flips at each wrap. */
  advance(count: number): void {
    const next = this.#head + count;
    const wraps = Math.floor(next / this.depth);
    this.#head = next % this.depth;
    if (wraps % 2 === 1) this.#phase ^= 1;
  }
}
