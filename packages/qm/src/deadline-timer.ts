// SPDX-License-Identifier: Apache-2.0
// One timer for many deadlines: armed at the earliest one, it calls back and is re-armed at the
// earliest deadline the callback reports. Deadlines are performance.now() values.

export class DeadlineTimer {
  readonly #onExpire: (now: number) => number;
  #timer: NodeJS.Timeout | undefined;
  #at = Number.POSITIVE_INFINITY;

  /** `onExpire(now)` fails what is due and returns the next deadline (Infinity for none). */
  constructor(onExpire: (now: number) => number) {
    this.#onExpire = onExpire;
  }

  /** Makes sure the callback runs no later than `deadline`. */
  arm(deadline: number): void {
    if (deadline >= this.#at) return;
    clearTimeout(this.#timer);
    this.#at = deadline;
    this.#timer = setTimeout(() => this.#fire(), Math.max(0, deadline - performance.now()) + 1);
    // Requests in flight keep the loop alive through their queue's readiness watch; this timer
    // alone must not hold a process whose work is done.
    this.#timer.unref();
  }

  clear(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#at = Number.POSITIVE_INFINITY;
  }

  #fire(): void {
    this.#timer = undefined;
    this.#at = Number.POSITIVE_INFINITY;
    const next = this.#onExpire(performance.now());
    if (next < Number.POSITIVE_INFINITY) this.arm(next);
  }
}
