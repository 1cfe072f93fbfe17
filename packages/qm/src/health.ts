// SPDX-License-Identifier: Apache-2.0
// Health of the devices a pool uses. A queue that reports an error, a reset or a stall leaves
// service at once; its device is given a short back-off before a new queue is opened on it, and
// leaves service for good when it is removed, isolated, or keeps failing.
import type { UacceDeviceError } from '@uacce/abi';
import type { QueueFailure } from './queue';

/** What a pool reports through its 'health' event. */
export interface HealthEvent {
  kind: 'queue-failed' | 'device-out-of-service' | 'device-selected';
  device: string;
  reason: QueueFailure | 'isolated' | 'open-failed' | 'failover' | 'initial';
  error?: UacceDeviceError;
}

/** One device's standing in a pool. */
export interface DeviceHealth {
  /** Why the device left service for good, if it did. */
  outOfService: string | undefined;
  /** performance.now() before which no new queue is opened on the device. */
  retryAt: number;
  /** Consecutive failures (queue failures and failed opens) without a success in between. */
  failures: number;
}

/** Failures in a row after which a device is given up. */
export const MAX_CONSECUTIVE_FAILURES = 3;

export function createDeviceHealth(): DeviceHealth {
  return { outOfService: undefined, retryAt: 0, failures: 0 };
}

/** Records a failure: back-off doubles from `backoffMs`; too many in a row take the device out. */
export function recordFailure(health: DeviceHealth, permanent: string | undefined, backoffMs: number): void {
  health.failures++;
  health.retryAt = performance.now() + backoffMs * 2 ** (health.failures - 1);
  if (permanent !== undefined) health.outOfService ??= permanent;
  else if (health.failures >= MAX_CONSECUTIVE_FAILURES) health.outOfService ??= 'repeated failures';
}

/** A queue started or completed work: the failure streak is over. */
export function recordSuccess(health: DeviceHealth): void {
  health.failures = 0;
  health.retryAt = 0;
}

/** True when a new queue may be opened on the device now. */
export function mayOpen(health: DeviceHealth, now: number): boolean {
  return health.outOfService === undefined && now >= health.retryAt;
}
