// SPDX-License-Identifier: Apache-2.0
// Adaptive doorbell polling (docs/contracts.md): while doorbells move or descriptors run, the
// poller yields to the event loop with setImmediate and comes straight back (responsive under
// load); after HOT_WINDOW_MS without activity it sleeps, doubling the sleep (1, 2, 4, 8 ms) up to MAX_SLEEP_MS
// (near-idle CPU); with no started queue it stops altogether.
import type { DoorbellPage } from './doorbell-page';
import type { RingRunner } from './ring-runner';

const HOT_WINDOW_MS = 2;
const MAX_SLEEP_MS = 8;

export class DoorbellPoller {
  private readonly runners = new Set<RingRunner>();
  private scheduled: NodeJS.Immediate | NodeJS.Timeout | undefined;
  private lastActive = 0;
  private sleepMs = 1;

  add(runner: RingRunner): void {
    this.runners.add(runner);
    this.wake();
  }

  delete(runner: RingRunner): void {
    this.runners.delete(runner);
  }

  /** Polls at once (new queue or new fault state). */
  wake(): void {
    this.lastActive = performance.now();
    this.sleepMs = 1;
    if (this.scheduled === undefined) this.scheduled = setImmediate(() => this.tick());
  }

  stop(): void {
    if (this.scheduled !== undefined) {
      clearTimeout(this.scheduled as NodeJS.Timeout);
      clearImmediate(this.scheduled as NodeJS.Immediate);
    }
    this.scheduled = undefined;
    this.runners.clear();
  }

  private tick(): void {
    this.scheduled = undefined;
    if (this.runners.size === 0) return;
    let active = false;
    let now = performance.now();
    // Each register page is read once per visit (on v2 one page serves every queue of a device).
    const pages = new Set<DoorbellPage>();
    for (const runner of this.runners) pages.add(runner.page);
    for (const page of pages) if (page.poll(now)) active = true;
    for (const runner of this.runners) if (runner.poll(now)) active = true;
    now = performance.now();
    if (active) {
      this.lastActive = now;
      this.sleepMs = 1;
    }
    if (now - this.lastActive < HOT_WINDOW_MS) {
      this.scheduled = setImmediate(() => this.tick());
      return;
    }
    this.scheduled = setTimeout(() => this.tick(), this.sleepMs);
    this.sleepMs = Math.min(this.sleepMs * 2, MAX_SLEEP_MS);
  }
}
