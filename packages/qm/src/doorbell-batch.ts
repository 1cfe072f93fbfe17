// SPDX-License-Identifier: Apache-2.0
// Doorbell batching and busy-poll: requests placed in the same tick share one SQ doorbell per
// queue (a microtask flush), and right after the doorbells the pool spins for the first
// completion for at most `busyPollMicros` before leaving completion to readiness on the loop.
//
//   place ─► schedule(queue) ─► { queues due } ─(microtask / flushNow)─► one SQ doorbell each
//                                                                      └► busy-poll ≤ budget
import type { PoolCounters } from './pool-counters';
import type { HardwareQueue } from './queue';

/** Busy-polls in a row that found nothing before the spin is rested. */
const BUSY_POLL_MISS_LIMIT = 8;
/** Flushes without a spin after that. */
const BUSY_POLL_REST = 64;

export class DoorbellBatch {
  readonly #counters: PoolCounters;
  readonly #busyPollMicros: number;
  readonly #onCapacity: (queue: HardwareQueue, completed: number) => void;
  readonly #due = new Set<HardwareQueue>();
  #flushScheduled = false;
  #busyPollMisses = 0;
  #busyPollRest = 0;

  /** `onCapacity` receives the completions the busy-poll consumed. */
  constructor(
    counters: PoolCounters,
    busyPollMicros: number,
    onCapacity: (queue: HardwareQueue, completed: number) => void,
  ) {
    this.#counters = counters;
    this.#busyPollMicros = busyPollMicros;
    this.#onCapacity = onCapacity;
  }

  /** A request was placed on `queue`: its doorbell is rung by the flush at the end of this tick. */
  schedule(queue: HardwareQueue): void {
    this.#due.add(queue);
    if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      queueMicrotask(() => this.flushNow());
    }
  }

  /** Rings every due doorbell now (submitBatch, the scheduled flush), then busy-polls. */
  flushNow(): void {
    this.#flushScheduled = false;
    const queues = [...this.#due];
    this.#due.clear();
    for (const queue of queues) this.flushQueue(queue);
    this.#busyPoll(queues);
  }

  /** Rings `queue`'s SQ doorbell now if it has work not yet announced. */
  flushQueue(queue: HardwareQueue): void {
    this.#due.delete(queue);
    if (queue.flush()) this.#counters.doorbells++;
  }

  /**
   * Spins up to the budget for the first completion; after that readiness takes over. A device
   * that keeps missing the budget (a slow device, large descriptors) is not spun for: after
   * BUSY_POLL_MISS_LIMIT misses in a row the next BUSY_POLL_REST flushes skip the spin, then it
   * is tried again, so the event loop does not pay for spins that never pay off.
   */
  #busyPoll(queues: readonly HardwareQueue[]): void {
    if (this.#busyPollMicros <= 0 || queues.length === 0) return;
    if (this.#busyPollRest > 0) {
      this.#busyPollRest--;
      return;
    }
    const end = performance.now() + this.#busyPollMicros / 1000;
    do {
      for (const queue of queues) {
        if (!queue.hasCompletion()) continue;
        this.#counters.busyPollHits++;
        this.#busyPollMisses = 0;
        this.#onCapacity(queue, queue.drain());
        return;
      }
    } while (performance.now() < end);
    this.#counters.busyPollMisses++;
    if (++this.#busyPollMisses >= BUSY_POLL_MISS_LIMIT) {
      this.#busyPollMisses = 0;
      this.#busyPollRest = BUSY_POLL_REST;
    }
  }
}
