// SPDX-License-Identifier: Apache-2.0
// The two doorbells of one queue (spec §3.3): a single 64-bit store at the style's offset of the
// MMIO mapping. The index is absolute, so a later doorbell supersedes an earlier one.
import {
  type DoorbellStyle,
  doorbellOffset,
  doorbellStyleForHwType,
  encodeDoorbell,
  QM_DOORBELL_CMD_CQ,
  QM_DOORBELL_CMD_SQ,
} from '@uacce/abi';

export class Doorbell {
  readonly style: DoorbellStyle;
  readonly offset: number;
  readonly queue: number;
  readonly #store: (offset: number, value: bigint) => void;

  /** `store` performs the 64-bit MMIO store (with the §3.5 store barrier before it). */
  constructor(hwType: number, queue: number, store: (offset: number, value: bigint) => void) {
    this.style = doorbellStyleForHwType(hwType);
    this.offset = doorbellOffset(this.style);
    this.queue = queue;
    this.#store = store;
  }

  /** SQ doorbell: the device may process SQEs up to (not including) `tail`. Priority is always 0. */
  ringSq(tail: number): void {
    this.#store(
      this.offset,
      encodeDoorbell(this.style, {
        queue: this.queue,
        command: QM_DOORBELL_CMD_SQ,
        index: tail,
        priority: 0,
      }),
    );
  }

  /** CQ doorbell: CQEs before `head` are consumed. Priority 1 (re)arms the completion interrupt (§3.3). */
  ringCq(head: number, priority: number): void {
    this.#store(
      this.offset,
      encodeDoorbell(this.style, { queue: this.queue, command: QM_DOORBELL_CMD_CQ, index: head, priority }),
    );
  }
}
