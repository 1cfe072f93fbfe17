// SPDX-License-Identifier: Apache-2.0
// The two doorbells of one queue (spec §3.3): a single 64-bit store at the style's offset of the
// MMIO mapping. The index is absolute, so a later doorbell supersedes an earlier one. The values
// are encoded by @uacce/abi once per (command, index, priority) and cached: a queue has at most
// depth distinct indexes, and BigInt arithmetic per doorbell would dominate the hot path.
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
  readonly #sq: bigint[] = [];
  /** CQ doorbells: index·2 + priority. */
  readonly #cq: bigint[] = [];

  /** `store` performs the 64-bit MMIO store (with the §3.5 store barrier before it). */
  constructor(hwType: number, queue: number, store: (offset: number, value: bigint) => void) {
    this.style = doorbellStyleForHwType(hwType);
    this.offset = doorbellOffset(this.style);
    this.queue = queue;
    this.#store = store;
  }

  /** SQ doorbell: the device may process SQEs up to (not including) `tail`. Priority is always 0. */
  ringSq(tail: number): void {
    this.#sq[tail] ??= this.#encode(QM_DOORBELL_CMD_SQ, tail, 0);
    this.#store(this.offset, this.#sq[tail]);
  }

  /** CQ doorbell: CQEs before `head` are consumed. Priority 1 (re)arms the completion interrupt (§3.3). */
  ringCq(head: number, priority: 0 | 1): void {
    const key = head * 2 + priority;
    this.#cq[key] ??= this.#encode(QM_DOORBELL_CMD_CQ, head, priority);
    this.#store(this.offset, this.#cq[key]);
  }

  #encode(command: number, index: number, priority: number): bigint {
    return encodeDoorbell(this.style, { queue: this.queue, command, index, priority });
  }
}
