// SPDX-License-Identifier: Apache-2.0
// The scheduler behind a QueuePool: a bounded set of queues of one device and direction shared
// by every caller of the process. It wires three parts, one concept each:
//
//   submit ─► Admission (admission.ts): refuse, or place on the least-loaded queue, or wait (FIFO)
//               │ schedule(queue)
//               ▼
//             DoorbellBatch (doorbell-batch.ts): one SQ doorbell per queue per tick, then busy-poll
//               │
//   completion ◄┴─ drain (busy-poll budget, then readiness on the event loop) ◄── CQ
//
//             QueueFleet (queue-fleet.ts): the queues held: grow on demand, close when idle,
//             periodic health; DeviceSupervisor (device-supervisor.ts): device health, fail-over.
import { UacceDeviceError } from '@uacce/abi';
import { Admission, type AdmissionHost } from './admission';
import type { SelectionCriteria } from './device-selection';
import { DeviceSupervisor, type SupervisedPool } from './device-supervisor';
import type { DeviceInfo } from './discovery';
import { DoorbellBatch } from './doorbell-batch';
import { type HealthEvent, recordSuccess } from './health';
import { createPoolCounters, type PoolCounters } from './pool-counters';
import type { HardwareQueue, QueueFailure, QueueOwner } from './queue';
import { type FleetHost, QueueFleet } from './queue-fleet';
import type { PendingRequest, SubmitRequest } from './request';
import type { Transport } from './transport';

export type { PoolCounters } from './pool-counters';

/** Tunables of a pool (see QueuePoolOptions for their meaning and defaults). */
export interface EngineSettings {
  direction: number;
  maxQueues: number;
  minQueues: number;
  maxWaiting: number;
  growThreshold: number;
  requestTimeoutMs: number;
  idleTimeoutMs: number;
  busyPollMicros: number;
  backoffMs: number;
  healthCheckMs: number;
  stallTimeoutMs: number;
  sysfsRoot: string;
  selection: SelectionCriteria;
}

export class PoolEngine implements QueueOwner, AdmissionHost, FleetHost, SupervisedPool {
  device: DeviceInfo;
  readonly hwType: number;
  readonly counters: PoolCounters = createPoolCounters();
  /** Receives health events (set by the public QueuePool through a WeakRef). */
  emit: (event: HealthEvent) => void = () => {};
  readonly #settings: EngineSettings;
  readonly #supervisor: DeviceSupervisor;
  readonly #fleet: QueueFleet;
  readonly #admission: Admission;
  readonly #doorbells: DoorbellBatch;
  readonly #sqeSize: number;
  #closed: Promise<void> | undefined;

  constructor(transport: Transport, settings: EngineSettings, device: DeviceInfo, first: HardwareQueue) {
    this.#settings = settings;
    this.device = device;
    this.hwType = device.hwType;
    this.#sqeSize = first.sq.sqeSize;
    this.#supervisor = new DeviceSupervisor(this, settings);
    this.#doorbells = new DoorbellBatch(this.counters, settings.busyPollMicros, (queue, completed) =>
      this.onCapacity(queue, completed),
    );
    this.#admission = new Admission(this, settings);
    this.#fleet = new QueueFleet(this, transport, settings, this.#supervisor);
    this.#fleet.adopt(first);
  }

  /** The SQE size the device's queues report (fixed for the pool: a pool may hold no queue while idle). */
  get sqeSize(): number {
    return this.#sqeSize;
  }

  get queues(): readonly HardwareQueue[] {
    return this.#fleet.queues;
  }

  get opening(): number {
    return this.#fleet.opening;
  }

  get waiting(): number {
    return this.#admission.waiting;
  }

  get closed(): boolean {
    return this.#closed !== undefined;
  }

  get deviceName(): string {
    return this.device.name;
  }

  /** Set while no device can serve: new requests are refused with it until a queue is adopted. */
  get noDevice(): UacceDeviceError | undefined {
    return this.#supervisor.noDevice;
  }

  /** Devices this pool took out of service for good, with the reason. */
  outOfService(): { device: string; reason: string }[] {
    return this.#supervisor.outOfService();
  }

  /** Queues one request; see QueuePool.submit. */
  submit(request: SubmitRequest): Promise<Uint8Array> {
    return this.#admission.submit(request);
  }

  /** Places every request it can now and rings one doorbell per queue touched. */
  submitBatch(requests: readonly SubmitRequest[]): Promise<Uint8Array>[] {
    const promises = requests.map((request) => this.submit(request));
    this.#doorbells.flushNow();
    return promises;
  }

  /** Submits only if a slot is free right now and nobody waits; otherwise undefined. */
  trySubmit(request: SubmitRequest): Promise<Uint8Array> | undefined {
    if (this.#admission.refusal(request) === undefined && !this.#admission.canPlaceNow()) {
      this.grow();
      return undefined;
    }
    return this.submit(request);
  }

  /** Submits and busy-polls to the completion on the calling thread (for sync APIs). */
  submitSync(request: SubmitRequest): Uint8Array {
    const admission = this.#admission;
    const refused = admission.refusal(request);
    if (refused) throw refused;
    const queue = admission.pickQueue();
    if (queue === undefined) {
      this.grow();
      const why =
        this.queues.length === 0
          ? 'the pool holds no queue now (they went back while idle); one is being opened'
          : 'no started queue has a free slot now';
      throw new UacceDeviceError('ERR_UACCE_QUEUE_FULL', why, { device: this.device.name });
    }
    let result: Uint8Array | undefined;
    let failure: Error | undefined;
    const pending = admission.pending(
      request,
      (value) => {
        result = value;
      },
      (error) => {
        failure = error;
      },
    );
    queue.enqueue(pending, false);
    this.counters.submitted++;
    this.#doorbells.flushQueue(queue);
    for (let spins = 0; !pending.settled; spins++) {
      const completed = queue.drain();
      if (completed > 0) this.counters.completed += completed;
      else if ((spins & 0xff) === 0xff) this.#checkSync(queue, pending);
    }
    if (admission.waiting > 0) queueMicrotask(() => admission.dispatch());
    if (failure !== undefined) throw failure;
    return result as Uint8Array;
  }

  /**
   * Every 256 spins of a synchronous wait: the status words, the request's deadline, and the
   * stall limit, so that even a request without a timeout cannot spin forever on a dead queue.
   */
  #checkSync(queue: HardwareQueue, pending: PendingRequest): void {
    queue.checkStatus();
    const now = performance.now();
    if (pending.deadline <= now) this.#admission.expireAll(now);
    else if (this.#settings.stallTimeoutMs > 0) queue.checkStall(now, this.#settings.stallTimeoutMs);
  }

  /** QueueOwner: completions were consumed. */
  onCapacity(queue: HardwareQueue, completed: number): void {
    if (completed <= 0) return;
    this.counters.completed += completed;
    recordSuccess(this.#supervisor.healthOf(queue.device));
    this.#admission.dispatch();
  }

  /** QueueOwner: a queue left service; its requests have failed already. */
  onFailed(queue: HardwareQueue, reason: QueueFailure, error: UacceDeviceError): void {
    this.#fleet.retire(queue);
    this.counters.queueFailures++;
    this.emit({ kind: 'queue-failed', device: queue.device, reason, error });
    this.#supervisor.queueFailed(queue.device, reason, error);
  }

  /** A request was placed on `queue`: its doorbell is rung at the end of this tick. */
  schedule(queue: HardwareQueue): void {
    this.#doorbells.schedule(queue);
  }

  /** Opens one more queue when demand calls for it and the device may take it. */
  grow(): void {
    this.#fleet.grow();
  }

  /** Moves waiters onto free slots, oldest first (a queue was adopted). */
  dispatch(): void {
    this.#admission.dispatch();
  }

  /** Gives up waiting: every waiter fails with `error`. */
  failWaiters(error: Error): void {
    this.#admission.failWaiters(error);
  }

  /** Fails waiters and in-flight requests with ERR_UACCE_QUEUE_CLOSED and returns every queue. Idempotent. */
  close(): Promise<void> {
    this.#closed ??= this.#close();
    return this.#closed;
  }

  async #close(): Promise<void> {
    this.#stopTimers();
    this.failWaiters(
      new UacceDeviceError('ERR_UACCE_QUEUE_CLOSED', 'the queue pool was closed', {
        device: this.device.name,
      }),
    );
    await this.#fleet.close();
  }

  /** Synchronous last resort (finalizer of an abandoned pool): releases every queue at once. */
  dispose(): void {
    this.#closed ??= Promise.resolve();
    this.#stopTimers();
    this.#fleet.dispose();
  }

  #stopTimers(): void {
    this.#admission.stop();
    this.#fleet.stop();
    this.#supervisor.stop();
  }
}
