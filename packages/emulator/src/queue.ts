// SPDX-License-Identifier: Apache-2.0
// One hardware queue pair as one open file sees it: the uacce state machine (spec §2.1), its two
// regions and the device-side ring indices.
//
//   DUS  0x00000 ┌──────────────┐ SQ: 1024 × 128 B, the device reads slot sqHead % depth and
//                │ SQ ring      │     writes results back into the same slot
//        0x20000 ├──────────────┤ CQ: 1024 × 16 B, the device writes CQE completed % depth
//                │ CQ ring      │     (phase 1 on the first pass, toggling every wrap)
//        0x24000 ├──────────────┤
//                │ (unused)     │
//        0x24FF8 │ ds_rx ds_tx  │ status words, 0 = normal, 1 = disabled (spec §2.7)
//        0x25000 └──────────────┘
//
// Indices are absolute counters (never wrapped); the doorbell's 16-bit index is folded into them.
import { DS_RX_OFFSET, DS_TX_OFFSET, DUS_REGION_SIZE, MMIO_REGION_SIZE, QUEUE_DEPTH } from './constants';
import type { Region } from './region';

export type QueueState = 'init' | 'started' | 'zombie';

export class Queue {
  state: QueueState = 'init';
  /** qc_type as set by SET_QP_CTX; reaches the "hardware" only at START (spec §2.4). */
  pendingQcType = 0;
  /** The direction latched at START: 0 compress, 1 decompress, 2 (accepted, refused by ZIP). */
  qcType = 0;
  readonly mapped = { mmio: false, dus: false };

  /** Next SQE the device will read. */
  sqHead = 0;
  /** Tail from the last SQ doorbell. */
  sqTail = 0;
  /** CQEs written so far. */
  completed = 0;
  /** Consumer head from the last CQ doorbell. */
  cqHead = 0;
  /** Priority (interrupt arm) bit of the last CQ doorbell (spec §3.3). */
  cqArmed = 0;
  /** Completions already announced with {"ev":"poll"} (the kernel's shadow head, spec §2.5). */
  shadowHead = 0;
  /** Last doorbell register value seen for this queue. */
  lastDoorbell = 0n;
  /** SQ doorbells the device did not see (overwritten) and recovered from the SQ ring. */
  recoveredSqDoorbells = 0;
  /** Disabled after reset, removal or CQ overflow: the device takes no more work. */
  disabled = false;
  /** Fault injection: the device accepts SQEs but completes none. */
  stalled = false;
  /** A descriptor is waiting on an injected delay. */
  busy = false;

  constructor(
    readonly id: number,
    readonly mmio: Region,
    readonly dus: Region,
    /** The MMIO region is the device's one register page shared by all its queues (v2). */
    readonly sharedMmio = false,
  ) {}

  /** The CQE phase the device writes next: 1 on the first pass over the CQ, toggling per wrap. */
  get phase(): number {
    return Math.floor(this.completed / QUEUE_DEPTH) % 2 === 0 ? 1 : 0;
  }

  /** Whether SQEs are waiting for the device. */
  get hasWork(): boolean {
    return this.sqHead < this.sqTail;
  }

  /**
   * Oldest CQE the consumer may still be reading. Everything below the last CQ doorbell head is
   * released, and so is everything older than `sqTail - (depth - 1)`, because a producer never
   * has more than depth − 1 SQEs outstanding (docs/contracts.md, spec §3.2).
   */
  get releasedHead(): number {
    return Math.max(this.cqHead, this.sqTail - (QUEUE_DEPTH - 1));
  }

  /** Folds a 16-bit SQ doorbell index into the absolute tail (the index is absolute mod depth). */
  observeSqTail(index: number): void {
    const delta = (index - (this.sqTail % QUEUE_DEPTH) + QUEUE_DEPTH) % QUEUE_DEPTH;
    this.sqTail += delta;
  }

  /** Folds a 16-bit CQ doorbell index into the absolute consumer head. */
  observeCqHead(index: number, priority: number): void {
    const behind = (this.completed - index + QUEUE_DEPTH * 64) % QUEUE_DEPTH;
    this.cqHead = Math.max(this.cqHead, this.completed - behind);
    this.cqArmed = priority & 1;
  }

  /** Sets both status words (ds_tx first, as the kernel does on a stop for reset, spec §2.7). */
  setStatusWords(): void {
    if (!this.dus.live) return;
    const words = new Uint32Array(this.dus.arrayBuffer, DS_RX_OFFSET, 2);
    Atomics.store(words, (DS_TX_OFFSET - DS_RX_OFFSET) / 4, 1);
    Atomics.store(words, 0, 1);
  }
}

export const REGION_SIZES = { mmio: MMIO_REGION_SIZE, dus: DUS_REGION_SIZE } as const;
