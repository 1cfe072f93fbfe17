// SPDX-License-Identifier: Apache-2.0
// An in-process device behind the Transport interface, for scheduling tests and the benchmark:
// SQ doorbells are seen synchronously (the store is a JS call), every SQE gets a CQE at once
// (`completion: 'immediate'`) or on a later turn of the event loop with a readiness callback
// (`'deferred'`). The "work" done on an SQE is a marker: byte 127 is set to 0xA5 so tests can
// tell the result was read back from the slot. Faults mimic what hardware can do.
import {
  CQE_SIZE,
  CQE_SQ_HEAD_OFFSET,
  CQE_W7_OFFSET,
  computeDusLayout,
  QM_DOORBELL_CMD_CQ,
  QM_DOORBELL_CMD_SQ,
  UACCE_CMD_PUT_Q,
  UACCE_CMD_QM_SET_QP_CTX,
  UACCE_CMD_QM_SET_QP_INFO,
  UACCE_CMD_START_Q,
  UACCE_QFRT_DUS,
} from '@uacce/abi';
import { decodeDoorbell, dusRegionSize } from '@uacce/abi/testing';
import type { DeviceInfo } from '../../src/discovery';
import { systemErrorFromName } from '../../src/internal/system-error';
import type { QueueFile, ReadinessWatch, Transport } from '../../src/transport';

export const RESULT_MARK = 0xa5;
const IOCTL_NAMES = new Map([
  [UACCE_CMD_QM_SET_QP_CTX, 'SET_QP_CTX'],
  [UACCE_CMD_QM_SET_QP_INFO, 'SET_QP_INFO'],
  [UACCE_CMD_START_Q, 'START_Q'],
  [UACCE_CMD_PUT_Q, 'PUT_Q'],
]);
const PAGE = 4096;

export interface FakeDeviceOptions {
  name?: string;
  queues?: number;
  depth?: number;
  completion?: 'immediate' | 'deferred';
  hwType?: number;
}

type Fault = 'stall' | 'reset' | 'bad-completion' | 'remove';

export class FakeDevice implements Transport {
  readonly kind = 'kernel' as const;
  readonly info: DeviceInfo;
  readonly depth: number;
  completion: 'immediate' | 'deferred';
  /** When true the device never signals readiness (a missed wake-up). */
  silent = false;
  readonly files = new Set<FakeQueueFile>();
  freeQueues: number;
  /** Faults applied to the next doorbells. */
  nextFault: Fault | undefined;
  openFailure: string | undefined;
  /** errno names to fail operations with: 'SET_QP_CTX', 'SET_QP_INFO', 'START_Q', 'mmap-0', 'mmap-1'. */
  readonly failures = new Map<string, string>();
  /** Files whose queue was started and not yet stopped with PUT_Q. */
  started = 0;
  doorbells = 0;
  /** Every doorbell written, in order. */
  readonly log: { command: number; index: number; priority: number }[] = [];
  /** Every file operation, in order: 'open', ioctl names, 'mmap-<qfrt>', 'munmap-<qfrt>', 'close'. */
  readonly operations: string[] = [];

  constructor(options: FakeDeviceOptions = {}) {
    this.depth = options.depth ?? 1024;
    this.completion = options.completion ?? 'immediate';
    this.freeQueues = options.queues ?? 8;
    const hwType = options.hwType ?? 2;
    this.info = {
      name: options.name ?? 'fake_zip-0',
      api: `hisi_qm_v${hwType}`,
      hwType,
      flags: 1,
      algorithms: ['zlib', 'gzip', 'deflate'],
      availableInstances: this.freeQueues,
      regionMmioSize: 2 * PAGE,
      regionDusSize: dusRegionSize({
        sqeSize: 128,
        sqDepth: this.depth,
        cqDepth: this.depth,
        pageSize: PAGE,
      }),
      isolated: false,
      numaNode: 0,
    };
  }

  async open(device: string): Promise<QueueFile> {
    if (device !== this.info.name) throw systemErrorFromName('ENODEV', 'open', `/dev/${device}`);
    if (this.openFailure) throw systemErrorFromName(this.openFailure, 'open', `/dev/${device}`);
    if (this.freeQueues === 0) throw systemErrorFromName('EBUSY', 'open', `/dev/${device}`);
    this.freeQueues--;
    this.operations.push('open');
    const file = new FakeQueueFile(this, this.info.name);
    this.files.add(file);
    return file;
  }

  released(file: FakeQueueFile): void {
    if (this.files.delete(file)) this.freeQueues++;
  }
}

export class FakeQueueFile implements QueueFile {
  readonly device: string;
  readonly #owner: FakeDevice;
  readonly #readable = new Set<() => void>();
  readonly #removed = new Set<() => void>();
  #dus: ArrayBuffer | undefined;
  #qcType = -1;
  #started = false;
  #deviceHead = 0;
  #cqTail = 0;
  #phase = 1;
  #consumerHead = 0;
  #closed = false;
  processed = 0;
  #decoded = new Map<bigint, ReturnType<typeof decodeDoorbell>>();
  #layout: ReturnType<typeof computeDusLayout> | undefined;
  #view: DataView | undefined;
  mapped = 0;

  constructor(owner: FakeDevice, device: string) {
    this.#owner = owner;
    this.device = device;
  }

  get qcType(): number {
    return this.#qcType;
  }

  async ioctl(request: number, arg?: Uint8Array): Promise<number> {
    if (this.#closed) throw systemErrorFromName('EBADF', 'ioctl');
    const view = arg ? new DataView(arg.buffer, arg.byteOffset, arg.byteLength) : undefined;
    const name = IOCTL_NAMES.get(request);
    this.#owner.operations.push(name ?? `ioctl-${request}`);
    const failure = name && this.#owner.failures.get(name);
    if (failure) throw systemErrorFromName(failure, 'ioctl');
    if (request === UACCE_CMD_QM_SET_QP_CTX && view) {
      this.#qcType = view.getUint16(2, true);
      view.setUint16(0, 7, true);
    } else if (request === UACCE_CMD_QM_SET_QP_INFO && view) {
      view.setUint32(0, 128, true);
      view.setUint16(4, this.#owner.depth, true);
      view.setUint16(6, this.#owner.depth, true);
    } else if (request === UACCE_CMD_START_Q) {
      if (this.#started) throw systemErrorFromName('EINVAL', 'ioctl');
      this.#started = true;
      this.#owner.started++;
    } else if (request === UACCE_CMD_PUT_Q) {
      if (this.#started) this.#owner.started--;
      this.#started = false;
    } else throw systemErrorFromName('EINVAL', 'ioctl');
    return 0;
  }

  async mmap(qfrt: number, length: number): Promise<ArrayBuffer> {
    this.#owner.operations.push(`mmap-${qfrt}`);
    const failure = this.#owner.failures.get(`mmap-${qfrt}`);
    if (failure) throw systemErrorFromName(failure, 'mmap');
    this.mapped++;
    const mapping = new ArrayBuffer(length);
    if (qfrt === UACCE_QFRT_DUS) this.#dus = mapping;
    return mapping;
  }

  async munmap(qfrt: number): Promise<void> {
    this.#owner.operations.push(`munmap-${qfrt}`);
    this.mapped--;
  }

  store64(_mapping: ArrayBuffer, _offset: number, value: bigint): void {
    const fields = this.#decoded.get(value) ?? decodeDoorbell('v2', value);
    this.#decoded.set(value, fields);
    this.#owner.log.push({ command: fields.command, index: fields.index, priority: fields.priority });
    if (fields.command === QM_DOORBELL_CMD_CQ) {
      this.#consumerHead = fields.index;
      return;
    }
    if (fields.command !== QM_DOORBELL_CMD_SQ) return;
    this.#owner.doorbells++;
    const fault = this.#owner.nextFault;
    if (fault === 'stall') return;
    if (fault === 'reset') {
      this.#setStatusWords();
      return;
    }
    if (fault === 'remove') {
      for (const listener of this.#removed) listener();
      return;
    }
    const tail = fields.index;
    if (this.#owner.completion === 'immediate') this.#process(tail);
    else
      setImmediate(() => {
        this.#process(tail);
        if (!this.#owner.silent) for (const listener of [...this.#readable]) listener();
      });
  }

  #process(tail: number): void {
    const dus = this.#dus;
    if (!dus || !this.#started || this.#closed) return;
    const depth = this.#owner.depth;
    this.#layout ??= computeDusLayout({
      sqeSize: 128,
      sqDepth: depth,
      cqDepth: depth,
      dusSize: dus.byteLength,
    });
    const layout = this.#layout;
    const bytes = new Uint8Array(dus);
    while (this.#deviceHead !== tail) {
      const slot = this.#deviceHead;
      bytes[slot * 128 + 127] = RESULT_MARK;
      const sqHead = this.#owner.nextFault === 'bad-completion' ? depth + 5 : slot;
      // Body first, phase word last, as the device does (spec §3.4).
      this.#view ??= new DataView(dus);
      const view = this.#view;
      const at = layout.cqOffset + this.#cqTail * CQE_SIZE;
      view.setUint16(at + CQE_SQ_HEAD_OFFSET, sqHead, true);
      view.setUint16(at + CQE_W7_OFFSET, this.#phase, true);
      this.#cqTail = (this.#cqTail + 1) % depth;
      if (this.#cqTail === 0) this.#phase ^= 1;
      this.#deviceHead = (slot + 1) % depth;
      this.processed++;
    }
  }

  #setStatusWords(): void {
    const dus = this.#dus;
    if (!dus) return;
    const view = new DataView(dus);
    view.setUint32(dus.byteLength - 4, 1, true);
    view.setUint32(dus.byteLength - 8, 1, true);
    for (const listener of [...this.#readable]) setImmediate(listener);
  }

  load32(mapping: ArrayBuffer, offset: number): number {
    return (mapping === this.#dus && this.#view ? this.#view : new DataView(mapping)).getUint32(offset, true);
  }

  watchReadable(listener: () => void): ReadinessWatch {
    this.#readable.add(listener);
    return { stop: () => this.#readable.delete(listener) };
  }

  onRemoved(listener: () => void): void {
    this.#removed.add(listener);
  }

  get consumerHead(): number {
    return this.#consumerHead;
  }

  get watching(): number {
    return this.#readable.size;
  }

  async close(): Promise<void> {
    this.dispose();
  }

  dispose(): void {
    if (!this.#closed) this.#owner.operations.push('close');
    this.#closed = true;
    this.#owner.released(this);
  }
}

/** A 128-byte SQE carrying `tag` in its first four bytes. */
export function taggedSqe(tag: number): Uint8Array {
  const sqe = new Uint8Array(128);
  new DataView(sqe.buffer).setUint32(0, tag, true);
  return sqe;
}

/** The tag of a (completed) SQE. */
export function tagOf(sqe: Uint8Array): number {
  return new DataView(sqe.buffer, sqe.byteOffset, sqe.byteLength).getUint32(0, true);
}
