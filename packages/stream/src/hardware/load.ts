// SPDX-License-Identifier: Apache-2.0
// Load routing: hardware requests in flight across the process. When the device already has
// `maxInFlight` requests, new work goes to software rather than wait in a queue (published
// accelerator integrations got more total throughput that way, docs/design.md); work already on
// hardware keeps its place.

/** Default of `maxInFlight`: the published figures saturate the device around 60 requests in flight. */
export const DEFAULT_MAX_IN_FLIGHT = 64;

let inFlight = 0;
let limit = DEFAULT_MAX_IN_FLIGHT;

/** Sets the in-flight limit (configureHardware's `maxInFlight`). */
export function setMaxInFlight(value: number | undefined): void {
  limit = value ?? DEFAULT_MAX_IN_FLIGHT;
}

/** True when new work should not join the device's queues now. */
export function isBusy(): boolean {
  return inFlight >= limit;
}

/** Runs one hardware request, counted as in flight until it settles. */
export async function track<T>(request: () => Promise<T>): Promise<T> {
  inFlight++;
  try {
    return await request();
  } finally {
    inFlight--;
  }
}

/** Requests in flight now (for metrics and tests). */
export function requestsInFlight(): number {
  return inFlight;
}
