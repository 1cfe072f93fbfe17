// SPDX-License-Identifier: Apache-2.0
// The device side of one started queue: reads the doorbell register, runs SQEs in order from the
// internal SQ head up to the doorbell's tail, writes results back and posts CQEs, then raises
// readiness once per batch (spec §3.2–3.4, §2.5; docs/contracts.md).

import type { EmulatorBinding } from '@uacce/native/emulator';
import { ClientMemory } from './client-memory';
import {
  CQ_OFFSET,
  CQE_SIZE,
  DOORBELL_OFFSET,
  QM_DOORBELL_CMD_CQ,
  QM_DOORBELL_CMD_SQ,
  QUEUE_DEPTH,
  SQE_SIZE,
} from './constants';
import { writeCqe } from './cqe';
import { executeDescriptor, rejectDescriptor } from './descriptor';
import type { Device } from './device';
import { decodeDoorbell } from './doorbell';
import type { OpenFile } from './open-file';
import type { Queue } from './queue';
import { writeSqeResult, type ZipSqeResult } from './sqe';
import { ZIP_STATUS } from './status';
import type { StreamContexts } from './stream-contexts';

// Descriptors run per visit before other queues get a turn.
const BATCH = 64;

export class RingRunner {
  readonly queue: Queue;
  readonly device: Device;
  private readonly doorbell: BigUint64Array;
  private readonly memory: ClientMemory;
  /** A descriptor waiting out an injected delay. */
  private held: { timer: NodeJS.Timeout; since: number } | undefined;

  constructor(
    readonly file: OpenFile,
    native: EmulatorBinding,
    private readonly contexts: StreamContexts,
  ) {
    this.queue = file.queue!;
    this.device = file.device!;
    this.doorbell = new BigUint64Array(this.queue.mmio.arrayBuffer, DOORBELL_OFFSET, 1);
    this.memory = new ClientMemory(native, file.pid);
  }

  private get running(): boolean {
    return this.queue.state === 'started' && !this.queue.disabled && this.queue.dus.live;
  }

  /** One visit of the poller; returns whether anything happened (keeps the poller hot). */
  poll(): boolean {
    if (!this.running) return false;
    let active = this.readDoorbell();
    if (this.queue.hasWork && !this.queue.stalled && !this.queue.busy) {
      this.pump();
      active = true;
    }
    return active;
  }

  /** Doorbells are register state: only the last value written is seen (last write wins). */
  private readDoorbell(): boolean {
    const value = Atomics.load(this.doorbell, 0);
    if (value === this.queue.lastDoorbell) return false;
    this.queue.lastDoorbell = value;
    const doorbell = decodeDoorbell(value);
    // Each queue has its own register page here; a value naming another queue is ignored, so a
    // client can reach only its own queues.
    if (doorbell.queue !== this.queue.id) return true;
    if (doorbell.command === QM_DOORBELL_CMD_SQ) this.queue.observeSqTail(doorbell.index);
    else if (doorbell.command === QM_DOORBELL_CMD_CQ)
      this.queue.observeCqHead(doorbell.index, doorbell.priority);
    return true;
  }

  /** Runs up to BATCH descriptors, honouring an injected delay, then announces completions. */
  pump(): void {
    const { queue, device } = this;
    for (let count = 0; count < BATCH && queue.hasWork && !queue.stalled && this.running; count++) {
      if (device.faults.delayMs > 0) {
        this.hold(performance.now());
        break;
      }
      this.completeOne();
    }
    this.announce();
  }

  /**
   * Slow-down fault: the next descriptor completes `delayMs` after `since` (one at a time, so a
   * batch takes count × delay). The queue is busy meanwhile: the poller does not pump it.
   */
  private hold(since: number): void {
    const { queue } = this;
    queue.busy = true;
    const wait = Math.max(0, since + this.device.faults.delayMs - performance.now());
    const timer = setTimeout(() => {
      this.held = undefined;
      queue.busy = false;
      if (this.running && !queue.stalled && queue.hasWork) this.completeOne();
      this.announce();
    }, wait);
    this.held = { timer, since };
  }

  /**
   * The injected delay changed: a descriptor already waiting now waits the new delay from when
   * it started waiting (so lifting the slow-down releases it at once).
   */
  retime(): void {
    if (!this.held) return;
    clearTimeout(this.held.timer);
    this.hold(this.held.since);
  }

  /** The queue is gone: drop a pending delayed completion (it would find the queue dead anyway). */
  stop(): void {
    if (this.held) clearTimeout(this.held.timer);
    this.held = undefined;
  }

  private completeOne(): void {
    const { queue } = this;
    // Never overwrite a CQE the consumer has not released, and never accept more than depth − 1
    // outstanding SQEs: either is a CQ overflow, which disables the queue (spec §6 item 7).
    if (
      queue.completed - queue.releasedHead >= QUEUE_DEPTH ||
      queue.sqTail - queue.completed > QUEUE_DEPTH - 1
    ) {
      this.overflow();
      return;
    }
    const bytes = queue.dus.bytes;
    const slot = queue.sqHead % QUEUE_DEPTH;
    const result = this.execute(Buffer.from(bytes.subarray(slot * SQE_SIZE, (slot + 1) * SQE_SIZE)));
    if (!this.running) return;
    writeSqeResult(bytes, slot * SQE_SIZE, result);
    writeCqe(bytes, CQ_OFFSET + (queue.completed % QUEUE_DEPTH) * CQE_SIZE, slot, queue.id, queue.phase);
    queue.sqHead += 1;
    queue.completed += 1;
  }

  private execute(slot: Buffer): ZipSqeResult {
    const faults = this.device.faults;
    if (faults.failRemaining > 0) {
      faults.failRemaining -= 1;
      return rejectDescriptor(slot, faults.failStatus);
    }
    const corrupt = faults.corruptRemaining > 0;
    if (corrupt) faults.corruptRemaining -= 1;
    try {
      return executeDescriptor(slot, this.context(corrupt));
    } catch (failure) {
      // Nothing a descriptor holds may crash the device: an engine failure the model does not
      // foresee (e.g. an allocation the size of a hostile length) completes as a bad request.
      process.stderr.write(`uacce-emulator: descriptor failed: ${String(failure)}\n`);
      return rejectDescriptor(slot, ZIP_STATUS.BAD_REQUEST);
    }
  }

  private context(corrupt: boolean) {
    return {
      memory: this.memory,
      contexts: this.contexts,
      qcType: this.queue.qcType,
      algorithms: this.device.algorithms,
      acceptsV3Sqe: this.device.config.api === 'hisi_qm_v3',
      corrupt,
    };
  }

  private overflow(): void {
    this.queue.setStatusWords();
    this.queue.disabled = true;
    this.file.send({ ev: 'poll' });
  }

  /** {"ev":"poll"} once per batch of new completions relative to the shadow head (spec §2.5). */
  announce(): void {
    const { queue } = this;
    if (queue.completed > queue.shadowHead) {
      queue.shadowHead = queue.completed;
      this.file.send({ ev: 'poll' });
    }
  }
}
