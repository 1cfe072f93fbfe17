// SPDX-License-Identifier: Apache-2.0
// Growth, shrinking and health: the queues a pool holds. Another queue is opened when every queue
// carries `growThreshold` requests or someone waits (up to `maxQueues`, when the device's health
// allows); a queue with no hardware work for `idleTimeoutMs` goes back to the device, down to
// `minQueues` (default 0: an idle pool holds no queue, and the next request opens one); every
// `healthCheckMs` the queues are drained once (a missed wake-up), checked for a stall, and their
// devices' `isolate` attribute is re-read. A queue that leaves service is retired here.
import type { UacceDeviceError } from '@uacce/abi';
import type { DeviceSupervisor } from './device-supervisor';
import type { DeviceInfo } from './discovery';
import { mayOpen } from './health';
import type { PoolCounters } from './pool-counters';
import type { EngineSettings } from './pool-engine';
import type { HardwareQueue, QueueOwner } from './queue';
import { openQueue } from './queue-setup';
import type { Transport } from './transport';

/** What the fleet needs from the pool that holds it. */
export interface FleetHost extends QueueOwner {
  /** The device new queues are opened on (it changes on fail-over). */
  readonly device: DeviceInfo;
  readonly counters: PoolCounters;
  readonly closed: boolean;
  /** Requests waiting for a free slot. */
  readonly waiting: number;
  /** A queue was adopted: place waiters on it. */
  dispatch(): void;
}

type FleetSettings = Pick<
  EngineSettings,
  | 'direction'
  | 'maxQueues'
  | 'minQueues'
  | 'growThreshold'
  | 'idleTimeoutMs'
  | 'healthCheckMs'
  | 'stallTimeoutMs'
>;

export class QueueFleet {
  /** Queues in service, in the order they were adopted. */
  readonly queues: HardwareQueue[] = [];
  readonly #host: FleetHost;
  readonly #transport: Transport;
  readonly #settings: FleetSettings;
  readonly #supervisor: DeviceSupervisor;
  /** Queue opens under way; close() waits for them so that no queue is opened after it. */
  readonly #openings = new Set<Promise<void>>();
  /** Teardowns of queues taken out of service; close() waits for them too. */
  readonly #teardowns = new Set<Promise<void>>();
  #opening = 0;
  #idleTimer: NodeJS.Timeout | undefined;
  #healthTimer: NodeJS.Timeout | undefined;

  constructor(host: FleetHost, transport: Transport, settings: FleetSettings, supervisor: DeviceSupervisor) {
    this.#host = host;
    this.#transport = transport;
    this.#settings = settings;
    this.#supervisor = supervisor;
    if (settings.healthCheckMs > 0) {
      this.#healthTimer = setInterval(() => this.#checkHealth(), settings.healthCheckMs);
      this.#healthTimer.unref();
    }
  }

  /** Queues being opened. */
  get opening(): number {
    return this.#opening;
  }

  /** Opens one more queue when demand calls for it and the device may take it. */
  grow(): void {
    const settings = this.#settings;
    const host = this.#host;
    if (host.closed || this.queues.length + this.#opening >= settings.maxQueues) return;
    const demand =
      host.waiting > 0 ||
      this.queues.length < settings.minQueues ||
      this.queues.every((queue) => queue.outstanding >= settings.growThreshold);
    if (!demand) return;
    const device = host.device;
    if (!mayOpen(this.#supervisor.healthOf(device.name), performance.now())) {
      if (this.queues.length === 0) void this.#supervisor.recover();
      return;
    }
    this.#opening++;
    const opened = openQueue(this.#transport, device, settings.direction).then(
      (queue) => {
        this.#opening--;
        if (host.closed || device !== host.device) return queue.close();
        this.adopt(queue);
        host.dispatch();
      },
      (error: UacceDeviceError) => {
        this.#opening--;
        this.#supervisor.openFailed(device.name, error);
      },
    );
    this.#openings.add(opened);
    void opened.finally(() => this.#openings.delete(opened));
  }

  /** Takes a started queue into service. */
  adopt(queue: HardwareQueue): void {
    queue.owner = this.#host;
    this.queues.push(queue);
    this.#supervisor.queueAdopted();
    this.#host.counters.queuesOpened++;
    this.#armIdle();
  }

  /**
   * Arms the idle timer for the moment the first queue beyond `minQueues` can have been idle for
   * `idleTimeoutMs`. One timer per pool, armed only while it holds more than `minQueues` queues:
   * work since then only moves the moment on (the timer fires, closes nothing, and is re-armed),
   * and a pool holding only its warm queues (or none) has no timer at all.
   */
  #armIdle(): void {
    const { idleTimeoutMs, minQueues } = this.#settings;
    if (idleTimeoutMs <= 0 || this.#idleTimer !== undefined || this.#host.closed) return;
    if (this.queues.length <= minQueues) return;
    const now = performance.now();
    let due = Number.POSITIVE_INFINITY;
    // A queue with work outstanding cannot be idle before that work completes (which refreshes
    // lastActive): `now + idleTimeoutMs` is its earliest moment.
    for (const queue of this.queues)
      due = Math.min(due, (queue.outstanding > 0 ? now : queue.lastActive) + idleTimeoutMs);
    this.#idleTimer = setTimeout(
      () => {
        this.#idleTimer = undefined;
        this.#shrink();
        this.#armIdle();
      },
      Math.max(0, due - now) + 1,
    );
    // Idle queues must not keep the process alive for the sake of closing them.
    this.#idleTimer.unref();
  }

  /** Returns queues with no work for idleTimeoutMs to the device, keeping minQueues. */
  #shrink(): void {
    const now = performance.now();
    for (const queue of [...this.queues]) {
      if (this.queues.length <= this.#settings.minQueues) return;
      if (queue.outstanding > 0 || now - queue.lastActive < this.#settings.idleTimeoutMs) continue;
      this.retire(queue);
    }
  }

  /** Takes `queue` out of service and returns it to the device (close() waits for the teardown). */
  retire(queue: HardwareQueue): void {
    const index = this.queues.indexOf(queue);
    if (index >= 0) this.queues.splice(index, 1);
    queue.owner = undefined;
    this.#host.counters.queuesClosed++;
    const teardown = queue.close();
    this.#teardowns.add(teardown);
    void teardown.finally(() => this.#teardowns.delete(teardown));
  }

  /** Periodic check: stalled queues, and isolation, which is advisory (spec §1.6): only the attribute tells. */
  #checkHealth(): void {
    // A safety net, not the completion path: the kernel's poll shadow can miss completions that
    // were consumed by busy-polling across a CQ wrap (spec open question 11).
    for (const queue of [...this.queues]) {
      const completed = queue.drain();
      if (completed > 0) this.#host.onCapacity(queue, completed);
    }
    const now = performance.now();
    if (this.#settings.stallTimeoutMs > 0) {
      for (const queue of [...this.queues]) queue.checkStall(now, this.#settings.stallTimeoutMs);
    }
    for (const device of new Set(this.queues.map((queue) => queue.device)))
      void this.#supervisor.checkIsolation(device);
  }

  /** Returns every queue, waiting for opens and teardowns under way. */
  async close(): Promise<void> {
    this.stop();
    const queues = this.queues.splice(0);
    this.#host.counters.queuesClosed += queues.length;
    await Promise.all([...queues.map((queue) => queue.close()), ...this.#openings, ...this.#teardowns]);
  }

  /** Synchronous last resort (finalizer of an abandoned pool): releases every queue at once. */
  dispose(): void {
    this.stop();
    for (const queue of this.queues.splice(0)) queue.dispose();
  }

  /** Stops the idle and health timers. */
  stop(): void {
    clearTimeout(this.#idleTimer);
    clearInterval(this.#healthTimer);
    this.#idleTimer = this.#healthTimer = undefined;
  }
}
