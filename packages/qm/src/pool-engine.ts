// SPDX-License-Identifier: Apache-2.0
// The scheduler behind a QueuePool: a bounded set of queues of one device and direction shared
// by every caller of the process.
//
//   submit ─► [ wait queue (FIFO, bounded) ] ─► least-loaded queue with a free slot ─► SQ slot
//                                                        │ one SQ doorbell per tick/batch
//   completion ◄── drain (busy-poll budget, then readiness on the event loop) ◄── CQ
//
// Fairness: while anyone waits, new requests queue behind them (no barging). Backpressure: the
// wait queue is bounded (ERR_UACCE_QUEUE_FULL), and trySubmit answers undefined instead of
// waiting. The pool opens another queue when every queue carries `growThreshold` requests or
// someone waits, up to `maxQueues`, and closes queues idle for `idleTimeoutMs` down to `minQueues`.
import { UacceArgumentError, UacceDeviceError } from '@uacce/abi';
import { DeadlineTimer } from './deadline-timer';
import type { SelectionCriteria } from './device-selection';
import { DeviceSupervisor } from './device-supervisor';
import type { DeviceInfo } from './discovery';
import { type HealthEvent, mayOpen, recordSuccess } from './health';
import type { HardwareQueue, QueueFailure, QueueOwner } from './queue';
import { openQueue } from './queue-setup';
import type { PendingRequest, SubmitRequest } from './request';
import type { Transport } from './transport';
import { WaitQueue } from './wait-queue';

/** Busy-polls in a row that found nothing before the spin is rested. */
const BUSY_POLL_MISS_LIMIT = 8;
/** Flushes without a spin after that. */
const BUSY_POLL_REST = 64;

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

export class PoolEngine implements QueueOwner {
  device: DeviceInfo;
  readonly hwType: number;
  readonly counters: PoolCounters = {
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
  /** Receives health events (set by the public QueuePool through a WeakRef). */
  emit: (event: HealthEvent) => void = () => {};
  readonly #settings: EngineSettings;
  readonly #transport: Transport;
  readonly #queues: HardwareQueue[] = [];
  readonly #waiters = new WaitQueue();
  readonly #deadlines = new DeadlineTimer((now) => this.#expireAll(now));
  readonly #toFlush = new Set<HardwareQueue>();
  /** Queue opens under way; close() waits for them so that no queue is opened after it. */
  readonly #openings = new Set<Promise<void>>();
  /** Teardowns of queues taken out of service; close() waits for them too. */
  readonly #teardowns = new Set<Promise<void>>();
  #opening = 0;
  #flushScheduled = false;
  #idleTimer: NodeJS.Timeout | undefined;
  #healthTimer: NodeJS.Timeout | undefined;
  #busyPollMisses = 0;
  #busyPollRest = 0;
  #closed: Promise<void> | undefined;
  readonly #supervisor: DeviceSupervisor;

  constructor(transport: Transport, settings: EngineSettings, device: DeviceInfo, first: HardwareQueue) {
    this.#transport = transport;
    this.#settings = settings;
    this.device = device;
    this.hwType = device.hwType;
    this.#supervisor = new DeviceSupervisor(this, settings);
    this.#adopt(first);
    if (settings.idleTimeoutMs > 0) {
      this.#idleTimer = setInterval(() => this.#shrink(), settings.idleTimeoutMs);
      this.#idleTimer.unref();
    }
    if (settings.healthCheckMs > 0) {
      this.#healthTimer = setInterval(() => this.#checkHealth(), settings.healthCheckMs);
      this.#healthTimer.unref();
    }
  }

  /** Periodic check: stalled queues, and isolation, which is advisory (spec §1.6): only the attribute tells. */
  #checkHealth(): void {
    // A safety net, not the completion path: the kernel's poll shadow can miss completions that
    // were consumed by busy-polling across a CQ wrap (spec open question 11).
    for (const queue of [...this.#queues]) {
      const completed = queue.drain();
      if (completed > 0) this.onCapacity(queue, completed);
    }
    const now = performance.now();
    if (this.#settings.stallTimeoutMs > 0) {
      for (const queue of [...this.#queues]) queue.checkStall(now, this.#settings.stallTimeoutMs);
    }
    for (const device of new Set(this.#queues.map((queue) => queue.device)))
      void this.#supervisor.checkIsolation(device);
  }

  get sqeSize(): number {
    return this.#queues[0]?.sq.sqeSize ?? 128;
  }

  get queues(): readonly HardwareQueue[] {
    return this.#queues;
  }

  get opening(): number {
    return this.#opening;
  }

  get waiting(): number {
    return this.#waiters.size;
  }

  get closed(): boolean {
    return this.#closed !== undefined;
  }

  /** Devices this pool took out of service for good, with the reason. */
  outOfService(): { device: string; reason: string }[] {
    return this.#supervisor.outOfService();
  }

  // ── submission ──────────────────────────────────────────────────────────────────────────

  /** Queues one request; see QueuePool.submit. */
  submit(request: SubmitRequest): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      const refused = this.#admission(request);
      if (refused) return reject(refused);
      const pending = this.#pending(request, resolve, reject);
      if (this.#waiters.size === 0) {
        const queue = this.#pickQueue();
        if (queue !== undefined) return this.#place(queue, pending, true);
      }
      if (this.#waiters.size >= this.#settings.maxWaiting) {
        this.counters.failed++;
        return reject(
          new UacceDeviceError('ERR_UACCE_QUEUE_FULL', 'every queue is busy and the wait queue is full', {
            device: this.device.name,
          }),
        );
      }
      this.#wait(pending);
    });
  }

  /** Places every request it can now and rings one doorbell per queue touched. */
  submitBatch(requests: readonly SubmitRequest[]): Promise<Uint8Array>[] {
    const promises = requests.map((request) => this.submit(request));
    this.#flushNow();
    return promises;
  }

  /** Submits only if a slot is free right now and nobody waits; otherwise undefined. */
  trySubmit(request: SubmitRequest): Promise<Uint8Array> | undefined {
    if (
      this.#admission(request) === undefined &&
      (this.#waiters.size > 0 || this.#pickQueue() === undefined)
    ) {
      this.grow();
      return undefined;
    }
    return this.submit(request);
  }

  /** Submits and busy-polls to the completion on the calling thread (for sync APIs). */
  submitSync(request: SubmitRequest): Uint8Array {
    const refused = this.#admission(request);
    if (refused) throw refused;
    const queue = this.#pickQueue();
    if (queue === undefined) {
      this.grow();
      throw new UacceDeviceError('ERR_UACCE_QUEUE_FULL', 'no started queue has a free slot now', {
        device: this.device.name,
      });
    }
    let result: Uint8Array | undefined;
    let failure: Error | undefined;
    const pending = this.#pending(
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
    this.#flushQueue(queue);
    for (let spins = 0; !pending.settled; spins++) {
      const completed = queue.drain();
      if (completed > 0) this.#completed(completed);
      else if ((spins & 0xff) === 0xff) this.#checkSync(queue, pending);
    }
    if (this.#waiters.size > 0) queueMicrotask(() => this.#dispatch());
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
    if (pending.deadline <= now) this.#expireAll(now);
    else if (this.#settings.stallTimeoutMs > 0) queue.checkStall(now, this.#settings.stallTimeoutMs);
  }

  #admission(request: SubmitRequest): Error | undefined {
    if (this.#closed)
      return new UacceDeviceError('ERR_UACCE_QUEUE_CLOSED', 'the queue pool is closed', {
        device: this.device.name,
      });
    const sqe = (request as SubmitRequest | undefined)?.sqe;
    if (!(sqe instanceof Uint8Array))
      return new UacceArgumentError('ERR_INVALID_ARG_TYPE', 'request.sqe must be a Uint8Array');
    if (sqe.byteLength !== this.sqeSize) {
      return new UacceArgumentError(
        'ERR_INVALID_ARG_VALUE',
        `request.sqe must be ${this.sqeSize} bytes, got ${sqe.byteLength}`,
      );
    }
    const noDevice = this.#supervisor.noDevice;
    if (noDevice !== undefined && this.#queues.length === 0 && this.#opening === 0) return noDevice;
    return undefined;
  }

  #pending(
    request: SubmitRequest,
    complete: (r: Uint8Array) => void,
    fail: (e: Error) => void,
  ): PendingRequest {
    const timeout = request.timeoutMs ?? this.#settings.requestTimeoutMs;
    return {
      sqe: request.sqe,
      keepAlive: request.keepAlive,
      deadline: timeout > 0 ? performance.now() + timeout : Number.POSITIVE_INFINITY,
      settled: false,
      complete,
      fail: (error) => {
        this.counters.failed++;
        if ((error as UacceDeviceError).code === 'ERR_UACCE_TIMEOUT') this.counters.timedOut++;
        fail(error);
      },
    };
  }

  /** The in-service queue with the most free slots; undefined when every one is full. */
  #pickQueue(): HardwareQueue | undefined {
    let best: HardwareQueue | undefined;
    for (const queue of this.#queues)
      if (queue.free > 0 && (best === undefined || queue.free > best.free)) best = queue;
    return best;
  }

  #place(queue: HardwareQueue, pending: PendingRequest, mayGrow: boolean): void {
    queue.enqueue(pending);
    this.counters.submitted++;
    this.#deadlines.arm(pending.deadline);
    this.#toFlush.add(queue);
    if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      queueMicrotask(() => this.#flushNow());
    }
    if (mayGrow && queue.outstanding >= this.#settings.growThreshold) this.grow();
  }

  #wait(pending: PendingRequest): void {
    this.#waiters.push(pending);
    this.#deadlines.arm(pending.deadline);
    this.grow();
  }

  /** Moves waiters onto free slots, oldest first. */
  #dispatch(): void {
    while (this.#waiters.size > 0) {
      const queue = this.#pickQueue();
      if (queue === undefined) break;
      this.#place(queue, this.#waiters.shift() as PendingRequest, false);
    }
    if (this.#waiters.size > 0) this.grow();
  }

  // ── doorbells and completions ───────────────────────────────────────────────────────────

  #flushNow(): void {
    this.#flushScheduled = false;
    const queues = [...this.#toFlush];
    this.#toFlush.clear();
    for (const queue of queues) this.#flushQueue(queue);
    this.#busyPoll(queues);
  }

  #flushQueue(queue: HardwareQueue): void {
    this.#toFlush.delete(queue);
    if (queue.flush()) this.counters.doorbells++;
  }

  /** Spins up to the budget for the first completion; after that readiness takes over. */
  /**
   * Spins up to the budget for the first completion; after that readiness takes over. A device
   * that keeps missing the budget (a slow device, large descriptors) is not spun for: after
   * BUSY_POLL_MISS_LIMIT misses in a row the next BUSY_POLL_REST flushes skip the spin, then it
   * is tried again, so the event loop does not pay for spins that never pay off.
   */
  #busyPoll(queues: readonly HardwareQueue[]): void {
    if (this.#settings.busyPollMicros <= 0 || queues.length === 0) return;
    if (this.#busyPollRest > 0) {
      this.#busyPollRest--;
      return;
    }
    const end = performance.now() + this.#settings.busyPollMicros / 1000;
    do {
      for (const queue of queues) {
        if (!queue.hasCompletion()) continue;
        this.counters.busyPollHits++;
        this.#busyPollMisses = 0;
        this.onCapacity(queue, queue.drain());
        return;
      }
    } while (performance.now() < end);
    this.counters.busyPollMisses++;
    if (++this.#busyPollMisses >= BUSY_POLL_MISS_LIMIT) {
      this.#busyPollMisses = 0;
      this.#busyPollRest = BUSY_POLL_REST;
    }
  }

  /** QueueOwner: completions were consumed. */
  onCapacity(queue: HardwareQueue, completed: number): void {
    if (completed <= 0) return;
    this.#completed(completed);
    recordSuccess(this.#supervisor.healthOf(queue.device));
    this.#dispatch();
  }

  #completed(count: number): void {
    this.counters.completed += count;
  }

  // ── timeouts ────────────────────────────────────────────────────────────────────────────

  /** Fails every request past its deadline; returns the earliest deadline left. */
  #expireAll(now: number): number {
    let earliest = this.#waiters.expire(now, this.device.name);
    for (const queue of [...this.#queues]) earliest = Math.min(earliest, queue.expire(now));
    return earliest;
  }

  // ── growth, shrinking, health ───────────────────────────────────────────────────────────

  /** Opens one more queue when demand calls for it and the device may take it. */
  grow(): void {
    const settings = this.#settings;
    if (this.#closed || this.#queues.length + this.#opening >= settings.maxQueues) return;
    const demand =
      this.#waiters.size > 0 ||
      this.#queues.length < settings.minQueues ||
      this.#queues.every((queue) => queue.outstanding >= settings.growThreshold);
    if (!demand) return;
    const device = this.device;
    if (!mayOpen(this.#supervisor.healthOf(device.name), performance.now())) {
      if (this.#queues.length === 0) void this.#supervisor.recover();
      return;
    }
    this.#opening++;
    const opened = openQueue(this.#transport, device, settings.direction).then(
      (queue) => {
        this.#opening--;
        if (this.#closed || device !== this.device) return queue.close();
        this.#adopt(queue);
        this.#dispatch();
      },
      (error: UacceDeviceError) => {
        this.#opening--;
        this.#supervisor.openFailed(device.name, error);
      },
    );
    this.#openings.add(opened);
    void opened.finally(() => this.#openings.delete(opened));
  }

  #adopt(queue: HardwareQueue): void {
    queue.owner = this;
    this.#queues.push(queue);
    this.#supervisor.queueAdopted();
    this.counters.queuesOpened++;
  }

  /** Closes queues idle for idleTimeoutMs, keeping minQueues. */
  #shrink(): void {
    const now = performance.now();
    for (const queue of [...this.#queues]) {
      if (this.#queues.length <= this.#settings.minQueues) return;
      if (queue.outstanding > 0 || now - queue.lastActive < this.#settings.idleTimeoutMs) continue;
      this.#retire(queue);
    }
  }

  #retire(queue: HardwareQueue): void {
    const index = this.#queues.indexOf(queue);
    if (index >= 0) this.#queues.splice(index, 1);
    queue.owner = undefined;
    this.counters.queuesClosed++;
    const teardown = queue.close();
    this.#teardowns.add(teardown);
    void teardown.finally(() => this.#teardowns.delete(teardown));
  }

  /** QueueOwner: a queue left service; its requests have failed already. */
  onFailed(queue: HardwareQueue, reason: QueueFailure, error: UacceDeviceError): void {
    this.#retire(queue);
    this.counters.queueFailures++;
    this.emit({ kind: 'queue-failed', device: queue.device, reason, error });
    this.#supervisor.queueFailed(queue.device, reason, error);
  }

  /** Gives up waiting: every waiter fails with `error`. */
  failWaiters(error: Error): void {
    this.#waiters.failAll(error);
  }

  // ── closing ─────────────────────────────────────────────────────────────────────────────

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
    const queues = this.#queues.splice(0);
    this.counters.queuesClosed += queues.length;
    await Promise.all([...queues.map((queue) => queue.close()), ...this.#openings, ...this.#teardowns]);
  }

  /** Synchronous last resort (finalizer of an abandoned pool): releases every queue at once. */
  dispose(): void {
    this.#closed ??= Promise.resolve();
    this.#stopTimers();
    for (const queue of this.#queues.splice(0)) queue.dispose();
  }

  #stopTimers(): void {
    this.#deadlines.clear();
    clearInterval(this.#idleTimer);
    this.#supervisor.stop();
    clearInterval(this.#healthTimer);
    this.#idleTimer = this.#healthTimer = undefined;
  }
}
