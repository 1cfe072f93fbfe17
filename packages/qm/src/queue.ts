// SPDX-License-Identifier: Apache-2.0
// One started hardware queue: its rings, doorbells, status words, the request in each SQ slot,
// and its health. Single-threaded: the JS thread is both producer and consumer, so the send and
// receive locks of UADK (spec §3.6) are not needed.
import {
  type DusLayout,
  UACCE_CMD_PUT_Q,
  UACCE_QFRT_DUS,
  UACCE_QFRT_MMIO,
  UacceDeviceError,
} from '@uacce/abi';
import { CqRing } from './cq-ring';
import { Doorbell } from './doorbell';
import { completeRequest, failRequest, type PendingRequest } from './request';
import { SqRing } from './sq-ring';
import type { QueueFile, ReadinessWatch } from './transport';

/** Why a queue left service. */
export type QueueFailure = 'reset' | 'removed' | 'stall' | 'bad-completion' | 'error';

/** What a queue tells its owner (the pool). */
export interface QueueOwner {
  /** Completions were consumed: slots are free again. */
  onCapacity(queue: HardwareQueue, completed: number): void;
  /** The queue left service; its in-flight requests have already failed. */
  onFailed(queue: HardwareQueue, reason: QueueFailure, error: UacceDeviceError): void;
}

export interface HardwareQueueInit {
  file: QueueFile;
  hwType: number;
  /** The hardware queue number from SET_QP_CTX. */
  queueNumber: number;
  sqeSize: number;
  sqDepth: number;
  cqDepth: number;
  mmio: ArrayBuffer;
  dus: ArrayBuffer;
  layout: DusLayout;
}

export class HardwareQueue {
  readonly device: string;
  readonly queueNumber: number;
  readonly sq: SqRing;
  readonly cq: CqRing;
  owner: QueueOwner | undefined;
  /** performance.now() of the last submission or completion; for idle shrinking. */
  lastActive = performance.now();
  /** performance.now() of the last completion, or of the submission that ended an idle spell. */
  progressAt = performance.now();
  readonly #file: QueueFile;
  readonly #mmio: ArrayBuffer;
  readonly #dus: ArrayBuffer;
  readonly #status: DataView;
  readonly #layout: DusLayout;
  readonly #doorbell: Doorbell;
  readonly #slots: (PendingRequest | undefined)[];
  #watch: ReadinessWatch | undefined;
  #doorbellPending = false;
  #state: 'started' | 'failed' | 'closing' | 'closed' = 'started';
  /** Set once the mappings may be gone (removal): nothing may touch them again (spec §2.7). */
  #mappingsGone = false;
  #teardown: Promise<void> | undefined;

  constructor(init: HardwareQueueInit) {
    this.#file = init.file;
    this.device = init.file.device;
    this.queueNumber = init.queueNumber;
    this.#mmio = init.mmio;
    this.#dus = init.dus;
    this.#layout = init.layout;
    this.#status = new DataView(init.dus);
    this.sq = new SqRing(
      new Uint8Array(init.dus, init.layout.sqOffset, init.layout.sqSize),
      init.sqeSize,
      init.sqDepth,
    );
    this.cq = new CqRing(this.#status, init.layout.cqOffset, init.cqDepth);
    this.#doorbell = new Doorbell(init.hwType, init.queueNumber, (offset, value) =>
      this.#file.store64(this.#mmio, offset, value),
    );
    this.#slots = new Array(init.sqDepth).fill(undefined);
    init.file.onRemoved((lost) => {
      this.#mappingsGone = true;
      const removed = new UacceDeviceError('ERR_UACCE_QUEUE_DISABLED', `${this.device} was removed`, {
        device: this.device,
      });
      this.fail('removed', lost ?? removed);
    });
  }

  /** True while the queue accepts work. */
  get inService(): boolean {
    return this.#state === 'started';
  }

  get free(): number {
    return this.#state === 'started' ? this.sq.free : 0;
  }

  get outstanding(): number {
    return this.sq.outstanding;
  }

  /**
   * Writes the SQE into the tail slot; the doorbell is rung later by `flush` (one per batch).
   * `watch` arms readiness for the completion; a synchronous busy-poller passes false.
   */
  enqueue(request: PendingRequest, watch = true): void {
    if (this.sq.outstanding === 0) this.progressAt = performance.now();
    const slot = this.sq.push(request.sqe);
    this.#slots[slot] = request;
    this.#doorbellPending = true;
    if (watch && this.#watch === undefined) this.#watch = this.#file.watchReadable(() => this.#onReadable());
  }

  /** Rings the SQ doorbell once for everything enqueued since the last flush (spec §3.2). */
  flush(): boolean {
    if (!this.#doorbellPending || this.#state !== 'started') return false;
    this.#doorbellPending = false;
    // ds_tx = 1 means the kernel disabled the queue: the doorbell must not be rung (spec §2.7).
    if (this.#status.getUint32(this.#layout.dsTxOffset, true) !== 0) {
      this.fail('reset', this.#disabled('ds_tx'));
      return false;
    }
    this.#doorbell.ringSq(this.sq.tail);
    this.lastActive = performance.now();
    return true;
  }

  /** Reads both status words (plain loads; for long busy-polls) and fails the queue if either is set. */
  checkStatus(): void {
    if (this.#state !== 'started' || this.#mappingsGone) return;
    if (this.#status.getUint32(this.#layout.dsTxOffset, true) !== 0)
      this.fail('reset', this.#disabled('ds_tx'));
    else if (this.#status.getUint32(this.#layout.dsRxOffset, true) !== 0)
      this.fail('reset', this.#disabled('ds_rx'));
  }

  /** True when the CQE at the head is new (one plain load; for busy-polling). */
  hasCompletion(): boolean {
    return (
      this.#state === 'started' &&
      !this.#mappingsGone &&
      this.sq.outstanding > 0 &&
      this.cq.countReady(1) === 1
    );
  }

  /**
   * Consumes every new completion (spec §3.4) and returns how many. All phase words are read
   * first; the ds_rx load that follows carries the load barrier ordering those phase reads before
   * the sq_head and SQE reads (§3.5), and checks ds_rx before receiving (§2.7).
   */
  drain(): number {
    if (this.#state !== 'started' || this.#mappingsGone) return 0;
    const count = this.cq.countReady(this.sq.outstanding);
    if (count === 0) return 0;
    if (this.#file.load32(this.#dus, this.#layout.dsRxOffset) !== 0) {
      this.fail('reset', this.#disabled('ds_rx'));
      return 0;
    }
    for (let index = 0; index < count; index++) {
      const slot = this.cq.sqHeadAt(index);
      const request = slot < this.sq.depth ? this.#slots[slot] : undefined;
      if (request === undefined) {
        this.cq.advance(index);
        this.fail('bad-completion', this.#badCompletion(slot));
        return index;
      }
      this.#slots[slot] = undefined;
      const result = this.sq.read(slot);
      this.sq.release();
      completeRequest(request, result);
    }
    this.cq.advance(count);
    this.#acknowledge();
    this.lastActive = this.progressAt = performance.now();
    return count;
  }

  /**
   * CQ doorbell with the new head, and nothing else: the device consumes every doorbell store,
   * so an SQ doorbell already rung is never rung again (spec §3.3, docs/contracts.md).
   */
  #acknowledge(): void {
    // Priority 1 re-arms the completion interrupt only when readiness is awaited (UADK: epoll_en).
    this.#doorbell.ringCq(this.cq.head, this.#watch === undefined ? 0 : 1);
    if (this.sq.outstanding === 0) this.#stopWatch();
  }

  #onReadable(): void {
    const completed = this.drain();
    if (completed > 0) this.owner?.onCapacity(this, completed);
    // Readiness with nothing to read may be the kernel disabling the queue.
    else this.checkStatus();
  }

  /**
   * Fails requests whose deadline passed: a queue that does not complete in time is stalled and
   * leaves service; the others in flight fail with ERR_UACCE_QUEUE_DISABLED. Returns the earliest
   * remaining deadline (Infinity when none).
   */
  expire(now: number): number {
    let earliest = Number.POSITIVE_INFINITY;
    let expired = false;
    for (const request of this.#slots) {
      if (request === undefined || request.settled) continue;
      if (request.deadline <= now) {
        expired = true;
        failRequest(
          request,
          new UacceDeviceError('ERR_UACCE_TIMEOUT', `no completion from ${this.device} in time`, {
            device: this.device,
          }),
        );
      } else if (request.deadline < earliest) {
        earliest = request.deadline;
      }
    }
    if (expired) {
      this.fail(
        'stall',
        new UacceDeviceError(
          'ERR_UACCE_QUEUE_DISABLED',
          `queue ${this.queueNumber} of ${this.device} stalled`,
          { device: this.device },
        ),
      );
      return Number.POSITIVE_INFINITY;
    }
    return earliest;
  }

  /**
   * A queue with work outstanding and no completion for `stallMs` is stalled: it leaves service
   * and its requests fail with ERR_UACCE_QUEUE_DISABLED. Returns true when it did.
   */
  checkStall(now: number, stallMs: number): boolean {
    if (this.#state !== 'started' || this.sq.outstanding === 0 || now - this.progressAt < stallMs)
      return false;
    const error = new UacceDeviceError(
      'ERR_UACCE_QUEUE_DISABLED',
      `queue ${this.queueNumber} of ${this.device} completed nothing for ${Math.round(now - this.progressAt)} ms`,
      { device: this.device },
    );
    this.fail('stall', error);
    return true;
  }

  /**
   * Takes the queue out of service: every in-flight request fails with `error`. Their Buffers stay
   * referenced until the queue is torn down, because the device may still write to them.
   */
  fail(reason: QueueFailure, error: UacceDeviceError): void {
    if (this.#state !== 'started') return;
    this.#state = 'failed';
    this.#stopWatch();
    for (const request of this.#slots) if (request !== undefined) failRequest(request, error);
    this.owner?.onFailed(this, reason, error);
  }

  /**
   * Teardown in the reverse of bring-up: PUT_Q, munmap DUS, munmap MMIO, close (spec §2.8).
   * Requests still in flight fail with ERR_UACCE_QUEUE_CLOSED. Idempotent.
   */
  close(): Promise<void> {
    this.#teardown ??= this.#close();
    return this.#teardown;
  }

  async #close(): Promise<void> {
    const error = new UacceDeviceError('ERR_UACCE_QUEUE_CLOSED', 'the queue was closed', {
      device: this.device,
    });
    this.#state = 'closing';
    this.#stopWatch();
    for (const request of this.#slots) if (request !== undefined) failRequest(request, error);
    await this.#file.ioctl(UACCE_CMD_PUT_Q).catch(() => undefined);
    await this.#file.munmap(UACCE_QFRT_DUS, this.#dus).catch(() => undefined);
    await this.#file.munmap(UACCE_QFRT_MMIO, this.#mmio).catch(() => undefined);
    await this.#file.close();
    // Only now can the device no longer touch the Buffers the descriptors named.
    this.#slots.fill(undefined);
    this.#state = 'closed';
  }

  /** Synchronous last-resort release (finalizer): the file is closed and its mappings unmapped. */
  dispose(): void {
    this.#state = 'closed';
    this.#stopWatch();
    this.#file.dispose();
  }

  #stopWatch(): void {
    this.#watch?.stop();
    this.#watch = undefined;
  }

  #disabled(word: string): UacceDeviceError {
    return new UacceDeviceError(
      'ERR_UACCE_QUEUE_DISABLED',
      `queue ${this.queueNumber} of ${this.device} was disabled (${word} set)`,
      { device: this.device },
    );
  }

  #badCompletion(slot: number): UacceDeviceError {
    return new UacceDeviceError(
      'ERR_UACCE_BAD_COMPLETION',
      `CQE names SQ slot ${slot}, which holds no request`,
      { device: this.device },
    );
  }
}
