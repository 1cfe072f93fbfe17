// SPDX-License-Identifier: Apache-2.0
// The device side of one started queue: takes the doorbells its page delivers, runs SQEs in
// order from the internal SQ head up to the doorbell's tail, writes results back and posts CQEs,
// then raises readiness once per batch (spec §3.2–3.4, §2.5; docs/contracts.md). An SQ doorbell
// that another store overwrote before the device looked is recovered from the SQ ring
// (recoverLostSq).

import type { EmulatorBinding } from '@uacce/native/emulator';
import { ClientMemory } from './client-memory';
import {
  CQ_OFFSET,
  CQE_SIZE,
  QM_DOORBELL_CMD_CQ,
  QM_DOORBELL_CMD_SQ,
  QUEUE_DEPTH,
  SQE_SIZE,
} from './constants';
import { writeCqe } from './cqe';
import { executeDescriptor, rejectDescriptor } from './descriptor';
import type { Device } from './device';
import type { Doorbell } from './doorbell';
import type { DoorbellPage, DoorbellTarget } from './doorbell-page';
import type { OpenFile } from './open-file';
import type { Queue } from './queue';
import { writeSqeResult, type ZipSqeResult } from './sqe';
import { ZIP_STATUS } from './status';
import type { StreamContexts } from './stream-contexts';

// Descriptors run per visit before other queues get a turn.
const BATCH = 64;

/**
 * How long SQEs found past the known tail must stay unchanged, after a store to the queue's
 * doorbell page, before the device takes them as submitted by a doorbell it did not see.
 */
export const LOST_SQ_GRACE_MS = 5;

export class RingRunner implements DoorbellTarget {
  readonly queue: Queue;
  readonly device: Device;
  private readonly memory: ClientMemory;
  /** Each SQ slot as the device left it after writing its result back (zero before first use). */
  private readonly shadow = Buffer.alloc(SQE_SIZE * QUEUE_DEPTH);
  /** Slots past the tail that differ from the shadow: a copy, and since when they are unchanged. */
  private candidate: { tail: number; bytes: Buffer; since: number } | undefined;
  /** A descriptor waiting out an injected delay. */
  private held: { timer: NodeJS.Timeout; since: number } | undefined;

  constructor(
    readonly file: OpenFile,
    native: EmulatorBinding,
    private readonly contexts: StreamContexts,
    readonly page: DoorbellPage,
  ) {
    this.queue = file.queue!;
    this.device = file.device!;
    this.memory = new ClientMemory(native, file.pid);
  }

  private get running(): boolean {
    return this.queue.state === 'started' && !this.queue.disabled && this.queue.dus.live;
  }

  /**
   * One visit of the poller (after it read the doorbell pages); returns whether anything happened
   * or may be about to (keeps the poller hot).
   */
  poll(now: number): boolean {
    if (!this.running) return false;
    if (this.queue.stalled || this.queue.busy) return false;
    if (this.queue.hasWork) {
      this.pump();
      return true;
    }
    return this.recoverLostSq(now);
  }

  /** A doorbell value naming this queue, delivered by its page. */
  observe(doorbell: Doorbell, value: bigint): void {
    this.queue.lastDoorbell = value;
    if (doorbell.command === QM_DOORBELL_CMD_SQ) this.queue.observeSqTail(doorbell.index);
    else if (doorbell.command === QM_DOORBELL_CMD_CQ)
      this.queue.observeCqHead(doorbell.index, doorbell.priority);
  }

  /**
   * Recovers an SQ doorbell the device did not see because a later store to the same register
   * (a CQ doorbell of this queue, or on v2 any doorbell of the device) replaced it first.
   *
   * A driver writes its SQEs into the slots from the tail on and then rings; the device left
   * every slot it completed as it wrote it back (kept in `shadow`), and never-used slots are
   * zero. So slots from the known tail on that differ from the shadow (and are not all zero) hold
   * SQEs written since. They count as submitted when they have stayed unchanged for
   * LOST_SQ_GRACE_MS and the doorbell page changed no earlier than LOST_SQ_GRACE_MS before they
   * were first seen: the store that hid the SQ doorbell. A driver that wrote SQEs and rang
   * nothing at all is never run. Limits: README "Doorbells".
   */
  private recoverLostSq(now: number): boolean {
    const { queue } = this;
    const bytes = queue.dus.bytes;
    const room = QUEUE_DEPTH - 1 - (queue.sqTail - queue.releasedHead);
    let count = 0;
    while (count < room) {
      const slot = ((queue.sqTail + count) % QUEUE_DEPTH) * SQE_SIZE;
      const current = bytes.subarray(slot, slot + SQE_SIZE);
      if (current.equals(this.shadow.subarray(slot, slot + SQE_SIZE)) || isZero(current)) break;
      count += 1;
    }
    if (count === 0) {
      this.candidate = undefined;
      return false;
    }
    const snapshot = Buffer.alloc(count * SQE_SIZE);
    for (let index = 0; index < count; index++) {
      const slot = ((queue.sqTail + index) % QUEUE_DEPTH) * SQE_SIZE;
      bytes.copy(snapshot, index * SQE_SIZE, slot, slot + SQE_SIZE);
    }
    const candidate = this.candidate;
    if (!candidate || candidate.tail !== queue.sqTail || !candidate.bytes.equals(snapshot)) {
      this.candidate = { tail: queue.sqTail, bytes: snapshot, since: now };
      return true;
    }
    if (now - candidate.since < LOST_SQ_GRACE_MS) return true;
    if (this.page.changedAt < candidate.since - LOST_SQ_GRACE_MS) return false;
    this.candidate = undefined;
    queue.sqTail += count;
    queue.recoveredSqDoorbells += 1;
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
    bytes.copy(this.shadow, slot * SQE_SIZE, slot * SQE_SIZE, (slot + 1) * SQE_SIZE);
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
    this.file.ready();
  }

  /** {"ev":"poll"} once per batch of new completions relative to the shadow head (spec §2.5). */
  announce(): void {
    const { queue } = this;
    if (queue.completed > queue.shadowHead) {
      queue.shadowHead = queue.completed;
      this.file.ready();
    }
  }
}

function isZero(bytes: Buffer): boolean {
  for (let index = 0; index < bytes.length; index++) if (bytes[index] !== 0) return false;
  return true;
}
