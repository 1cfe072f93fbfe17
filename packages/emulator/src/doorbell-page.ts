// SPDX-License-Identifier: Apache-2.0
// One doorbell register (spec §3.3): the 64-bit word at MMIO+0x1000 of an MMIO region. On
// hisi_qm_v2 every queue of the device writes to the same word (no doorbell isolation: all
// clients map the device's one MMIO region), so the value's queue field picks the queue; on
// hisi_qm_v3 each queue has a page of its own here.
//
// The device reads the word by polling shared memory, so it sees the last value stored since its
// previous look: stores in between are not seen. A superseded CQ doorbell costs nothing (the
// contract releases every CQE older than sqTail − (depth − 1)); a superseded SQ doorbell is found
// again by the ring runner from the SQ ring itself (see RingRunner.recoverLostSq).
import { DOORBELL_OFFSET } from './constants';
import { type Doorbell, decodeDoorbell } from './doorbell';
import type { Region } from './region';

/** What a doorbell page delivers a value to: the started queue it names. */
export interface DoorbellTarget {
  observe(doorbell: Doorbell, value: bigint): void;
}

export class DoorbellPage {
  private readonly word: BigUint64Array;
  private last = 0n;
  /** performance.now() of the last change seen (−∞ before the first). */
  changedAt = Number.NEGATIVE_INFINITY;
  /** Started queues reachable through this page, by queue id. */
  readonly targets = new Map<number, DoorbellTarget>();

  /**
   * @param owner the one queue of a per-queue page (v3): it records every value its register
   * took, even one naming another queue (shown by the control `queues` query).
   */
  constructor(
    readonly region: Region,
    private readonly owner?: { lastDoorbell: bigint },
  ) {
    this.word = new BigUint64Array(region.arrayBuffer, DOORBELL_OFFSET, 1);
  }

  /** Reads the word once; a new value goes to the queue it names. Returns whether it changed. */
  poll(now: number): boolean {
    if (!this.region.live) return false;
    const value = Atomics.load(this.word, 0);
    if (value === this.last) return false;
    this.last = value;
    this.changedAt = now;
    if (this.owner) this.owner.lastDoorbell = value;
    const doorbell = decodeDoorbell(value);
    // A value naming a queue that is not reachable through this page moves nothing: a client
    // reaches only the queues of its own register page.
    this.targets.get(doorbell.queue)?.observe(doorbell, value);
    return true;
  }
}
