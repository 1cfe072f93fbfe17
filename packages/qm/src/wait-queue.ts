// SPDX-License-Identifier: Apache-2.0
// Requests waiting for a free SQ slot, oldest first (the pool's fairness: nobody overtakes a
// waiter). Timed-out waiters are settled in place and skipped when they reach the head.
import { UacceDeviceError } from '@uacce/abi';
import { Fifo } from './internal/fifo';
import { failRequest, type PendingRequest } from './request';

export class WaitQueue {
  readonly #fifo = new Fifo<PendingRequest>();
  #live = 0;

  /** Waiters not yet settled. */
  get size(): number {
    return this.#live;
  }

  push(request: PendingRequest): void {
    this.#fifo.push(request);
    this.#live++;
  }

  /** The oldest unsettled waiter, without removing it. */
  peek(): PendingRequest | undefined {
    let head = this.#fifo.peek();
    while (head?.settled) {
      this.#fifo.shift();
      head = this.#fifo.peek();
    }
    return head;
  }

  /** Removes and returns the oldest unsettled waiter. */
  shift(): PendingRequest | undefined {
    const head = this.peek();
    if (head !== undefined) {
      this.#fifo.shift();
      this.#live--;
    }
    return head;
  }

  /** Fails waiters past their deadline with ERR_UACCE_TIMEOUT; returns the earliest deadline left. */
  expire(now: number, device: string): number {
    let earliest = Number.POSITIVE_INFINITY;
    for (const waiter of this.#fifo) {
      if (waiter.settled) continue;
      if (waiter.deadline <= now) {
        this.#live--;
        failRequest(
          waiter,
          new UacceDeviceError('ERR_UACCE_TIMEOUT', 'no queue became free in time', { device }),
        );
      } else if (waiter.deadline < earliest) earliest = waiter.deadline;
    }
    return earliest;
  }

  /** Fails every waiter with `error`. */
  failAll(error: Error): void {
    for (const waiter of this.#fifo.drain()) failRequest(waiter, error);
    this.#live = 0;
  }
}
