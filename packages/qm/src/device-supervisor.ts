// SPDX-License-Identifier: Apache-2.0
// Device health for one pool: classifies queue failures, takes devices out of service (removed,
// isolated, failing again and again), and when the pool has no queue left finds it one: the same
// device after its back-off, another device of the same hw type (the SQE layout depends on it),
// or nothing, in which case waiting requests fail with ERR_UACCE_NO_DEVICE.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UacceDeviceError } from '@uacce/abi';
import { candidateDevices, type SelectionCriteria } from './device-selection';
import type { DeviceInfo } from './discovery';
import { createDeviceHealth, type DeviceHealth, type HealthEvent, mayOpen, recordFailure } from './health';
import type { HardwareQueue, QueueFailure } from './queue';
import { isDeviceBusy } from './queue-setup';

/** What the supervisor needs from the pool it looks after. */
export interface SupervisedPool {
  device: DeviceInfo;
  readonly hwType: number;
  readonly closed: boolean;
  readonly queues: readonly HardwareQueue[];
  readonly opening: number;
  readonly waiting: number;
  /** Opens another queue on `device` if demand calls for it and its health allows. */
  grow(): void;
  failWaiters(error: Error): void;
  emit(event: HealthEvent): void;
}

export interface SupervisorSettings {
  backoffMs: number;
  sysfsRoot: string;
  selection: SelectionCriteria;
}

export class DeviceSupervisor {
  readonly #pool: SupervisedPool;
  readonly #settings: SupervisorSettings;
  readonly #health = new Map<string, DeviceHealth>();
  #recovering = false;
  #recoverAgain = false;
  #retryTimer: NodeJS.Timeout | undefined;
  #noDevice: UacceDeviceError | undefined;

  constructor(pool: SupervisedPool, settings: SupervisorSettings) {
    this.#pool = pool;
    this.#settings = settings;
  }

  /** Set once no device can serve: new requests are refused with it until a queue is adopted. */
  get noDevice(): UacceDeviceError | undefined {
    return this.#noDevice;
  }

  /** A queue was adopted: the pool has hardware again. */
  queueAdopted(): void {
    this.#noDevice = undefined;
  }

  healthOf(device: string): DeviceHealth {
    let health = this.#health.get(device);
    if (health === undefined) {
      health = createDeviceHealth();
      this.#health.set(device, health);
    }
    return health;
  }

  /** Devices taken out of service for good, with the reason. */
  outOfService(): { device: string; reason: string }[] {
    const list: { device: string; reason: string }[] = [];
    for (const [device, health] of this.#health)
      if (health.outOfService) list.push({ device, reason: health.outOfService });
    return list;
  }

  /** A queue of `device` left service (already retired by the pool). */
  queueFailed(device: string, reason: QueueFailure, error: UacceDeviceError): void {
    const health = this.healthOf(device);
    const wasInService = health.outOfService === undefined;
    recordFailure(health, reason === 'removed' ? 'removed' : undefined, this.#settings.backoffMs);
    if (wasInService && health.outOfService !== undefined)
      this.#deviceOut(device, health.outOfService, error);
    else void this.checkIsolation(device);
    this.#recoverIfEmpty();
  }

  /** Opening a queue on `device` failed; EBUSY only means the device is full for now. */
  openFailed(device: string, error: UacceDeviceError): void {
    const health = this.healthOf(device);
    if (isDeviceBusy(error)) health.retryAt = performance.now() + this.#settings.backoffMs;
    else {
      recordFailure(health, undefined, this.#settings.backoffMs);
      this.#pool.emit({ kind: 'queue-failed', device, reason: 'open-failed', error });
    }
    this.#recoverIfEmpty();
  }

  /** A device whose `isolate` reads 1 leaves service (spec §1.6: UADK skips isolated devices). */
  async checkIsolation(device: string): Promise<void> {
    const path = join(this.#settings.sysfsRoot, device, 'isolate');
    const text = await readFile(path, 'utf8').catch(() => '0\n');
    const health = this.healthOf(device);
    if (text.trim() !== '1' || health.outOfService !== undefined) return;
    health.outOfService = 'isolated';
    const error = new UacceDeviceError('ERR_UACCE_DEVICE_ISOLATED', `${device} is isolated`, { device });
    this.#deviceOut(device, 'isolated', error);
  }

  stop(): void {
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
  }

  #deviceOut(device: string, reason: string, error: UacceDeviceError): void {
    const isolated = reason === 'isolated';
    this.#pool.emit({
      kind: 'device-out-of-service',
      device,
      reason: isolated ? 'isolated' : 'removed',
      error,
    });
    const code = isolated ? 'ERR_UACCE_DEVICE_ISOLATED' : 'ERR_UACCE_QUEUE_DISABLED';
    const out = new UacceDeviceError(
      code,
      `${device} left service (${reason})`,
      { device },
      { cause: error },
    );
    for (const queue of [...this.#pool.queues]) if (queue.device === device) queue.fail('error', out);
    this.#recoverIfEmpty();
  }

  #recoverIfEmpty(): void {
    if (this.#pool.queues.length === 0) void this.recover();
  }

  /**
   * No queue is in service: reopen on the same device after its back-off, fail over to another
   * device of the same hw type, or fail the waiters with ERR_UACCE_NO_DEVICE.
   */
  async recover(): Promise<void> {
    if (this.#pool.closed) return;
    if (this.#recovering) {
      // Health changed during the search: search again once it ends.
      this.#recoverAgain = true;
      return;
    }
    this.#recovering = true;
    this.#recoverAgain = false;
    try {
      await this.#search();
    } finally {
      this.#recovering = false;
      if (this.#recoverAgain && this.#pool.queues.length === 0) queueMicrotask(() => void this.recover());
    }
  }

  async #search(): Promise<void> {
    const pool = this.#pool;
    const now = performance.now();
    const exclude = new Set(this.outOfService().map((entry) => entry.device));
    const criteria = { ...this.#settings.selection, hwType: pool.hwType, exclude };
    const { devices } = await candidateDevices(criteria).catch(() => ({ devices: [] as DeviceInfo[] }));
    if (pool.closed || pool.queues.length > 0 || pool.opening > 0) return;
    const ready = devices.find((device) => mayOpen(this.healthOf(device.name), now));
    if (ready !== undefined) {
      if (ready.name !== pool.device.name) {
        pool.device = ready;
        pool.emit({ kind: 'device-selected', device: ready.name, reason: 'failover' });
      }
      pool.grow();
      return;
    }
    const later = Math.min(...devices.map((device) => this.healthOf(device.name).retryAt));
    if (Number.isFinite(later)) this.#retryAt(later);
    else {
      const message = `no device of hw type ${pool.hwType} is in service`;
      this.#noDevice = new UacceDeviceError('ERR_UACCE_NO_DEVICE', message, { device: pool.device.name });
      pool.failWaiters(this.#noDevice);
    }
  }

  #retryAt(at: number): void {
    if (this.#retryTimer !== undefined) return;
    const retry = () => {
      this.#retryTimer = undefined;
      if (this.#pool.queues.length === 0) void this.recover();
      else this.#pool.grow();
    };
    this.#retryTimer = setTimeout(retry, Math.max(0, at - performance.now()) + 1);
    // Only someone waiting for a queue justifies keeping the process alive for the retry.
    if (this.#pool.waiting === 0) this.#retryTimer.unref();
  }
}
