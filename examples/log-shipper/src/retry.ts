// SPDX-License-Identifier: Apache-2.0
// Exponential backoff with full jitter (each wait uniform in [0, min(cap, base * 2^attempt)]),
// so shippers that lost the same endpoint do not retry in lockstep.

/** Base and cap of the exponential backoff, in ms. */
export interface Backoff {
  baseMs: number;
  maxMs: number;
}

/** The wait before retry number `attempt` (0 for the first retry). */
export function backoffDelay(attempt: number, backoff: Backoff, random: () => number = Math.random): number {
  const ceiling = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}

/** A sleep that `cancel()` cuts short (resolving early), so close() never waits out a backoff. */
export class Sleeper {
  #wake: (() => void) | undefined;
  #timer: NodeJS.Timeout | undefined;

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.#wake = resolve;
      this.#timer = setTimeout(resolve, ms);
    });
  }

  cancel(): void {
    clearTimeout(this.#timer);
    this.#wake?.();
  }
}
