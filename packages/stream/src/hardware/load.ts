// SPDX-License-Identifier: Apache-2.0
// Load routing: hardware requests in flight across the process (every copy of this package counts
// in the same process context). When the device already has `maxInFlight` requests, new work goes
// to software rather than wait in a queue (published accelerator integrations got more total
// throughput that way, docs/design.md); work already on hardware keeps its place.
import { processSlot } from '../internal/process-context';

/** Default of `maxInFlight`: the published figures saturate the device around 60 requests in flight. */
export const DEFAULT_MAX_IN_FLIGHT = 64;

interface LoadSlot {
  inFlight: number;
  limit: number;
}

function load(): LoadSlot {
  return processSlot<LoadSlot>('load', () => ({ inFlight: 0, limit: DEFAULT_MAX_IN_FLIGHT }));
}

/** Sets the in-flight limit (configureHardware's `maxInFlight`). */
export function setMaxInFlight(value: number | undefined): void {
  load().limit = value ?? DEFAULT_MAX_IN_FLIGHT;
}

/** True when new work should not join the device's queues now. */
export function isBusy(): boolean {
  const { inFlight, limit } = load();
  return inFlight >= limit;
}

/** Runs one hardware request, counted as in flight until it settles. */
export async function track<T>(request: () => Promise<T>): Promise<T> {
  const counter = load();
  counter.inFlight++;
  try {
    return await request();
  } finally {
    counter.inFlight--;
  }
}

/** Requests in flight now (for metrics and tests). */
export function requestsInFlight(): number {
  return load().inFlight;
}
