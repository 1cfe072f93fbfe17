// SPDX-License-Identifier: Apache-2.0
// An in-process device that completes every descriptor at once, behind qm's public Transport
// interface (`customTransport`): an SQ doorbell store writes one CQE per new SQE before it
// returns. What remains of the time is the queue engine's own cost per descriptor: copying the
// SQE into the ring, the doorbell, reading the CQE and the SQE back, settling the promise.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CQE_SIZE,
  computeDusLayout,
  QM_DOORBELL_CMD_SQ,
  UACCE_CMD_PUT_Q,
  UACCE_CMD_QM_SET_QP_CTX,
  UACCE_CMD_QM_SET_QP_INFO,
  UACCE_CMD_START_Q,
  UACCE_QFRT_DUS,
} from '@uacce/abi';
import { decodeDoorbell, dusRegionSize, encodeCqe } from '@uacce/abi/testing';
import type { QueueFile, ReadinessWatch, Transport } from '@uacce/qm';

const PAGE = 4096;
const SQE_SIZE = 128;
export const INSTANT_DEVICE = 'bench_zip-0';

function systemError(code: string, syscall: string): Error {
  return Object.assign(new Error(`${syscall} ${code}`), { code, syscall });
}

/** One queue: ring state of the "device" side (consumer of SQEs, producer of CQEs). */
class InstantQueueFile implements QueueFile {
  readonly device = INSTANT_DEVICE;
  readonly #depth: number;
  #dus: Uint8Array | undefined;
  #cqOffset = 0;
  #deviceHead = 0;
  #cqTail = 0;
  #phase = 1;
  #closed = false;
  readonly #readable = new Set<() => void>();
  #notifying = false;

  constructor(depth: number) {
    this.#depth = depth;
  }

  async ioctl(request: number, arg?: Uint8Array): Promise<number> {
    if (this.#closed) throw systemError('EBADF', 'ioctl');
    const view = arg ? new DataView(arg.buffer, arg.byteOffset, arg.byteLength) : undefined;
    if (request === UACCE_CMD_QM_SET_QP_CTX && view) view.setUint16(0, 1, true);
    else if (request === UACCE_CMD_QM_SET_QP_INFO && view) {
      view.setUint32(0, SQE_SIZE, true);
      view.setUint16(4, this.#depth, true);
      view.setUint16(6, this.#depth, true);
    } else if (request !== UACCE_CMD_START_Q && request !== UACCE_CMD_PUT_Q)
      throw systemError('EINVAL', 'ioctl');
    return 0;
  }

  async mmap(qfrt: number, length: number): Promise<ArrayBuffer> {
    const mapping = new ArrayBuffer(length);
    if (qfrt === UACCE_QFRT_DUS) {
      this.#dus = new Uint8Array(mapping);
      const layout = { sqeSize: SQE_SIZE, sqDepth: this.#depth, cqDepth: this.#depth, dusSize: length };
      this.#cqOffset = computeDusLayout(layout).cqOffset;
    }
    return mapping;
  }

  async munmap(): Promise<void> {}

  store64(_mapping: ArrayBuffer, _offset: number, value: bigint): void {
    const doorbell = decodeDoorbell('v2', value);
    if (doorbell.command !== QM_DOORBELL_CMD_SQ) return;
    this.#complete(doorbell.index);
    this.#notify();
  }

  /** Readiness as the kernel reports it: on a later turn of the event loop, once per burst. */
  #notify(): void {
    if (this.#notifying || this.#readable.size === 0) return;
    this.#notifying = true;
    setImmediate(() => {
      this.#notifying = false;
      for (const listener of [...this.#readable]) listener();
    });
  }

  /** Consumes SQEs up to `tail` and posts one CQE each (phase flips when the CQ wraps). */
  #complete(tail: number): void {
    const dus = this.#dus;
    if (!dus || this.#closed) return;
    while (this.#deviceHead !== tail) {
      const cqe = dus.subarray(
        this.#cqOffset + this.#cqTail * CQE_SIZE,
        this.#cqOffset + (this.#cqTail + 1) * CQE_SIZE,
      );
      encodeCqe({ sqHead: this.#deviceHead, sqNum: 1, phase: this.#phase, cmdId: 0 }, cqe);
      this.#cqTail = (this.#cqTail + 1) % this.#depth;
      if (this.#cqTail === 0) this.#phase ^= 1;
      this.#deviceHead = (this.#deviceHead + 1) % this.#depth;
    }
  }

  load32(mapping: ArrayBuffer, offset: number): number {
    return new DataView(mapping).getUint32(offset, true);
  }

  watchReadable(listener: () => void): ReadinessWatch {
    this.#readable.add(listener);
    return { stop: () => this.#readable.delete(listener) };
  }

  onRemoved(): void {}

  async close(): Promise<void> {
    this.dispose();
  }

  dispose(): void {
    this.#closed = true;
  }
}

/** A Transport whose single device completes at once, plus the sysfs tree describing it. */
export interface InstantDevice {
  transport: Transport;
  sysfsRoot: string;
  remove(): Promise<void>;
}

/** Creates the device's sysfs tree (spec §1.2 formats) in a temporary directory. */
export async function createInstantDevice(depth = 1024): Promise<InstantDevice> {
  const root = await mkdtemp(join(tmpdir(), 'uacce-bench-sysfs-'));
  const dir = join(root, INSTANT_DEVICE);
  await mkdir(join(dir, 'device'), { recursive: true });
  const dusSize = dusRegionSize({ sqeSize: SQE_SIZE, sqDepth: depth, cqDepth: depth, pageSize: PAGE });
  const attributes: Record<string, string> = {
    api: 'hisi_qm_v2',
    flags: '1',
    available_instances: '64',
    algorithms: 'zlib\ngzip',
    region_mmio_size: String(2 * PAGE),
    region_dus_size: String(dusSize),
    isolate: '0',
    'device/numa_node': '0',
  };
  for (const [name, text] of Object.entries(attributes)) await writeFile(join(dir, name), `${text}\n`);
  return {
    transport: { kind: 'kernel', open: async () => new InstantQueueFile(depth) },
    sysfsRoot: root,
    remove: () => rm(root, { recursive: true, force: true }),
  };
}
