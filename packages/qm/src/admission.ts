// SPDX-License-Identifier: Apache-2.0
// Admission and placement: whether a request may enter the pool, and where it goes.
//
//   request ─► refused? (closed, bad SQE, no device) ─► least-loaded queue with a free slot
//                                                        └─ none, or someone waits ─► wait queue
//                                                           (FIFO, bounded: ERR_UACCE_QUEUE_FULL)
//
// Fairness: while anyone waits, new requests queue behind them (no barging); freed slots go to
// the oldest waiter first. Every request carries a deadline; one timer fails those past it.
import { UacceArgumentError, UacceDeviceError } from '@uacce/abi';
import { DeadlineTimer } from './deadline-timer';
import type { PoolCounters } from './pool-counters';
import type { EngineSettings } from './pool-engine';
import type { HardwareQueue } from './queue';
import type { PendingRequest, SubmitRequest } from './request';
import { WaitQueue } from './wait-queue';

/** What admission needs from the pool it serves. */
export interface AdmissionHost {
  readonly counters: PoolCounters;
  readonly closed: boolean;
  readonly deviceName: string;
  readonly sqeSize: number;
  readonly queues: readonly HardwareQueue[];
  readonly opening: number;
  /** Set while no device can serve (new requests are refused with it). */
  readonly noDevice: UacceDeviceError | undefined;
  /** Opens another queue if demand calls for it. */
  grow(): void;
  /** A request was placed on `queue`: its doorbell is due. */
  schedule(queue: HardwareQueue): void;
}

type AdmissionSettings = Pick<EngineSettings, 'maxWaiting' | 'growThreshold' | 'requestTimeoutMs'>;

export class Admission {
  readonly #host: AdmissionHost;
  readonly #settings: AdmissionSettings;
  readonly #waiters = new WaitQueue();
  readonly #deadlines = new DeadlineTimer((now) => this.expireAll(now));

  constructor(host: AdmissionHost, settings: AdmissionSettings) {
    this.#host = host;
    this.#settings = settings;
  }

  /** Requests waiting for a free slot. */
  get waiting(): number {
    return this.#waiters.size;
  }

  /** Queues one request: on a free slot now, else in the wait queue (see QueuePool.submit). */
  submit(request: SubmitRequest): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      const refused = this.refusal(request);
      if (refused) return reject(refused);
      const pending = this.pending(request, resolve, reject);
      if (this.#waiters.size === 0) {
        const queue = this.pickQueue();
        if (queue !== undefined) return this.#place(queue, pending, true);
      }
      if (this.#waiters.size >= this.#settings.maxWaiting) {
        this.#host.counters.failed++;
        return reject(
          new UacceDeviceError('ERR_UACCE_QUEUE_FULL', 'every queue is busy and the wait queue is full', {
            device: this.#host.deviceName,
          }),
        );
      }
      this.#wait(pending);
    });
  }

  /** True when a request would get a slot now: one is free and nobody waits for one. */
  canPlaceNow(): boolean {
    return this.#waiters.size === 0 && this.pickQueue() !== undefined;
  }

  /** Why `request` may not enter the pool, or undefined when it may. */
  refusal(request: SubmitRequest): Error | undefined {
    const host = this.#host;
    if (host.closed)
      return new UacceDeviceError('ERR_UACCE_QUEUE_CLOSED', 'the queue pool is closed', {
        device: host.deviceName,
      });
    const sqe = (request as SubmitRequest | undefined)?.sqe;
    if (!(sqe instanceof Uint8Array))
      return new UacceArgumentError('ERR_INVALID_ARG_TYPE', 'request.sqe must be a Uint8Array');
    if (sqe.byteLength !== host.sqeSize) {
      return new UacceArgumentError(
        'ERR_INVALID_ARG_VALUE',
        `request.sqe must be ${host.sqeSize} bytes, got ${sqe.byteLength}`,
      );
    }
    const noDevice = host.noDevice;
    if (noDevice !== undefined && host.queues.length === 0 && host.opening === 0) return noDevice;
    return undefined;
  }

  /** The engine's record of `request`, with its deadline; its failures are counted. */
  pending(
    request: SubmitRequest,
    complete: (r: Uint8Array) => void,
    fail: (e: Error) => void,
  ): PendingRequest {
    const counters = this.#host.counters;
    const timeout = request.timeoutMs ?? this.#settings.requestTimeoutMs;
    return {
      sqe: request.sqe,
      keepAlive: request.keepAlive,
      deadline: timeout > 0 ? performance.now() + timeout : Number.POSITIVE_INFINITY,
      settled: false,
      complete,
      fail: (error) => {
        counters.failed++;
        if ((error as UacceDeviceError).code === 'ERR_UACCE_TIMEOUT') counters.timedOut++;
        fail(error);
      },
    };
  }

  /** The in-service queue with the most free slots; undefined when every one is full. */
  pickQueue(): HardwareQueue | undefined {
    let best: HardwareQueue | undefined;
    for (const queue of this.#host.queues)
      if (queue.free > 0 && (best === undefined || queue.free > best.free)) best = queue;
    return best;
  }

  #place(queue: HardwareQueue, pending: PendingRequest, mayGrow: boolean): void {
    queue.enqueue(pending);
    this.#host.counters.submitted++;
    this.#deadlines.arm(pending.deadline);
    this.#host.schedule(queue);
    if (mayGrow && queue.outstanding >= this.#settings.growThreshold) this.#host.grow();
  }

  #wait(pending: PendingRequest): void {
    this.#waiters.push(pending);
    this.#deadlines.arm(pending.deadline);
    this.#host.grow();
  }

  /** Moves waiters onto free slots, oldest first. */
  dispatch(): void {
    while (this.#waiters.size > 0) {
      const queue = this.pickQueue();
      if (queue === undefined) break;
      this.#place(queue, this.#waiters.shift() as PendingRequest, false);
    }
    if (this.#waiters.size > 0) this.#host.grow();
  }

  /** Fails every request past its deadline (waiting or on a queue); returns the earliest deadline left. */
  expireAll(now: number): number {
    let earliest = this.#waiters.expire(now, this.#host.deviceName);
    for (const queue of [...this.#host.queues]) earliest = Math.min(earliest, queue.expire(now));
    return earliest;
  }

  /** Gives up waiting: every waiter fails with `error`. */
  failWaiters(error: Error): void {
    this.#waiters.failAll(error);
  }

  /** Stops the deadline timer (the pool is closing). */
  stop(): void {
    this.#deadlines.clear();
  }
}
