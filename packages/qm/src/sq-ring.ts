// SPDX-License-Identifier: Apache-2.0
// The submission ring (spec §3.2) at the start of the DUS region:
//
//        head (oldest outstanding)          tail (next free slot)
//          v                                  v
//   [ . . | S S S S S S S S S S S S S S S S | . . . . . . . . ]   depth slots of sqe_size bytes
//          <---------- used --------------->
//
// At most depth − 1 SQEs are outstanding, so tail never catches up with head. `used` drops
// only when a completion has been consumed: a slot is never reused before its result (written
// back into that very slot by the device) has been read (UADK `hisi_qm_recv_single`).
import { UacceArgumentError } from '@uacce/abi';

export class SqRing {
  readonly depth: number;
  readonly sqeSize: number;
  readonly #bytes: Uint8Array;
  #tail = 0;
  #used = 0;

  /** `bytes` is the SQ area of the DUS mapping (sqe_size × depth bytes). */
  constructor(bytes: Uint8Array, sqeSize: number, depth: number) {
    this.#bytes = bytes;
    this.sqeSize = sqeSize;
    this.depth = depth;
  }

  /** The next free slot; the SQ doorbell carries it as index. */
  get tail(): number {
    return this.#tail;
  }

  /** SQEs written and not yet consumed from the CQ. */
  get outstanding(): number {
    return this.#used;
  }

  /** Slots that may still be written: (depth − 1) − used. */
  get free(): number {
    return this.depth - 1 - this.#used;
  }

  /** Copies `sqe` into the tail slot and returns that slot. The caller checks `free` first. */
  push(sqe: Uint8Array): number {
    if (sqe.byteLength !== this.sqeSize) {
      throw new UacceArgumentError(
        'ERR_INVALID_ARG_VALUE',
        `an SQE must be ${this.sqeSize} bytes, got ${sqe.byteLength}`,
      );
    }
    const slot = this.#tail;
    this.#bytes.set(sqe, slot * this.sqeSize);
    this.#tail = slot + 1 === this.depth ? 0 : slot + 1;
    this.#used++;
    return slot;
  }

  /**
   * A copy of the SQE in `slot`: the completed descriptor the device wrote back (spec §3.4 step 4).
   * The copy lives in Node's shared Buffer pool: a fresh ArrayBuffer per completion (`slice`)
   * cost a third of the engine's time per descriptor.
   */
  read(slot: number): Uint8Array {
    const start = slot * this.sqeSize;
    const copy = Buffer.allocUnsafe(this.sqeSize);
    copy.set(this.#bytes.subarray(start, start + this.sqeSize));
    return copy;
  }

  /** One completion was consumed: its slot may be reused. */
  release(): void {
    this.#used--;
  }
}
