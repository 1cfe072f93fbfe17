// SPDX-License-Identifier: Apache-2.0
// The counters a pool keeps and reports through `stats()`; every part of the pool adds to them.

/** Counters a pool reports through `stats()`. */
export interface PoolCounters {
  submitted: number;
  completed: number;
  failed: number;
  timedOut: number;
  doorbells: number;
  busyPollHits: number;
  busyPollMisses: number;
  queueFailures: number;
  queuesOpened: number;
  queuesClosed: number;
}

export function createPoolCounters(): PoolCounters {
  return {
    submitted: 0,
    completed: 0,
    failed: 0,
    timedOut: 0,
    doorbells: 0,
    busyPollHits: 0,
    busyPollMisses: 0,
    queueFailures: 0,
    queuesOpened: 0,
    queuesClosed: 0,
  };
}
