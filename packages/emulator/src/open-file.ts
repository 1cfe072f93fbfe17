// SPDX-License-Identifier: Apache-2.0
// One socket connection = one open file of /dev/<name> (docs/contracts.md). Requests are handled
// synchronously in arrival order, so replies keep the order of their requests.
import type { Socket } from 'node:net';
import {
  DUS_REGION_SIZE,
  EMULATED_PAGE_SIZE,
  MMIO_REGION_SIZE,
  QM_MAX_QC_TYPE,
  QUEUE_DEPTH,
  SQE_SIZE,
  UACCE_CMD_PUT_Q,
  UACCE_CMD_QM_SET_QP_CTX,
  UACCE_CMD_QM_SET_QP_INFO,
  UACCE_CMD_START_Q,
  UACCE_QFRT_DUS,
  UACCE_QFRT_MMIO,
} from './constants';
import type { Device } from './device';
import { type Message, sendMessage } from './protocol';
import type { Queue } from './queue';

/** What an open file needs from the emulator around it. */
export interface FileHost {
  findDevice(name: string): Device | undefined;
  /** The client's pid from SO_PEERCRED. */
  peerPid(socket: Socket): number;
  /** The system page size (clients may compute mmap offsets with it). */
  readonly systemPageSize: number;
  /** The queue was started: begin polling its doorbell. */
  queueStarted(file: OpenFile): void;
  /** The queue is gone (PUT_Q, close, removal): stop polling, return the id, drop regions. */
  queueReleased(file: OpenFile): void;
}

/** An errno reply: `{"id","ok":false,"errno":"EBUSY"}`. */
class Errno {
  constructor(readonly name: string) {}
}

type Reply = Message;

function systemErrno(failure: unknown): string {
  const code = (failure as { code?: unknown } | null)?.code;
  process.stderr.write(`uacce-emulator: request failed: ${String(failure)}\n`);
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) ? code : 'EIO';
}

export class OpenFile {
  device: Device | undefined;
  queue: Queue | undefined;
  pid = 0;
  private closed = false;
  /** A {"ev":"poll"} is written but still waits in user space for the socket. */
  private readinessQueued = false;
  /** Readiness was raised while one was queued: raise it again once that one is written. */
  private readinessMissed = false;

  constructor(
    readonly socket: Socket,
    private readonly host: FileHost,
  ) {}

  /** Sends a server event (`removed`); readiness goes through `ready()`. */
  send(event: Message): void {
    sendMessage(this.socket, event);
  }

  /**
   * Readiness is a level, not a queue of events: `{"ev":"poll"}` is written only when no earlier
   * one still waits in user space to reach the socket. A client that never reads its socket (it
   * busy-polls the CQ) fills the kernel's socket buffer once and the emulator's memory stays
   * flat; a client that waits on the socket still wakes at once (readiness raised while one was
   * queued is raised again as soon as that one reaches the socket).
   */
  ready(): void {
    const { socket } = this;
    if (socket.destroyed || !socket.writable) return;
    if (this.readinessQueued) {
      this.readinessMissed = true;
      return;
    }
    this.readinessQueued = true;
    socket.write('{"ev":"poll"}\n', () => {
      this.readinessQueued = false;
      if (!this.readinessMissed) return;
      this.readinessMissed = false;
      this.ready();
    });
  }

  /** Handles one request and writes its single reply. */
  handle(message: Message): void {
    const id = message.id;
    try {
      const reply = this.dispatch(message);
      sendMessage(this.socket, { id, ok: true, ...reply });
      if (message.op === 'close') this.socket.end();
    } catch (failure) {
      // An unexpected failure (e.g. the region files cannot be created) is the request's error,
      // never a crash of the device process that every other client depends on.
      const errno = failure instanceof Errno ? failure.name : systemErrno(failure);
      sendMessage(this.socket, { id, ok: false, errno });
    }
  }

  private dispatch(message: Message): Reply {
    if (message.op === 'open') return this.open(message);
    if (!this.queue) throw new Errno('EINVAL');
    switch (message.op) {
      case 'ioctl':
        return this.ioctl(message);
      case 'mmap':
        return this.mmap(message);
      case 'munmap':
        return this.munmap(message);
      case 'close':
        this.release();
        return {};
      default:
        throw new Errno('EINVAL');
    }
  }

  private open(message: Message): Reply {
    if (this.device || this.closed) throw new Errno('EINVAL');
    const device = typeof message.device === 'string' ? this.host.findDevice(message.device) : undefined;
    if (!device || device.health === 'removed') throw new Errno('ENODEV');
    if (device.health === 'reset') throw new Errno('EPERM');
    // The pid the client names must be the process on the other end of the socket: the device
    // will DMA into that process only (spec §2.2: the queue is bound to the opener's mm).
    const peer = this.host.peerPid(this.socket);
    if (message.pid !== peer) throw new Errno('EPERM');
    const queue = device.allocate();
    if (!queue) throw new Errno('EBUSY');
    this.device = device;
    this.queue = queue;
    this.pid = peer;
    return {};
  }

  private ioctl(message: Message): Reply {
    const queue = this.queue!;
    if (queue.state === 'zombie') throw new Errno('ENXIO');
    const arg = typeof message.arg === 'string' ? Buffer.from(message.arg, 'base64') : undefined;
    switch (message.request) {
      case UACCE_CMD_START_Q:
        return this.startQueue(queue);
      case UACCE_CMD_PUT_Q:
        this.putQueue(queue);
        return { ret: 0 };
      case UACCE_CMD_QM_SET_QP_CTX:
        return this.setQpCtx(queue, arg);
      case UACCE_CMD_QM_SET_QP_INFO:
        return this.setQpInfo(arg);
      default:
        throw new Errno('EINVAL');
    }
  }

  private startQueue(queue: Queue): Reply {
    if (queue.state !== 'init') throw new Errno('EINVAL');
    if (this.device!.health !== 'normal') throw new Errno('EPERM');
    queue.qcType = queue.pendingQcType;
    queue.state = 'started';
    this.host.queueStarted(this);
    return { ret: 0 };
  }

  /**
   * PUT_Q follows mainline up to the 2025 fix (spec §2.1): stop and put at once, the queue id
   * returns to the pool (available_instances + 1) and the file's queue becomes a zombie, so later
   * ioctls and mmaps fail ENXIO. The client's existing mappings stay valid but are dead memory.
   */
  private putQueue(queue: Queue): void {
    queue.state = 'zombie';
    this.host.queueReleased(this);
  }

  private setQpCtx(queue: Queue, arg: Buffer | undefined): Reply {
    if (!arg || arg.length < 4) throw new Errno('EFAULT');
    const qcType = arg.readUInt16LE(2);
    if (qcType > QM_MAX_QC_TYPE) throw new Errno('EINVAL');
    queue.pendingQcType = qcType;
    arg.writeUInt16LE(queue.id, 0);
    return { ret: 0, arg: arg.toString('base64') };
  }

  private setQpInfo(arg: Buffer | undefined): Reply {
    if (!arg || arg.length < 16) throw new Errno('EFAULT');
    arg.writeUInt32LE(SQE_SIZE, 0);
    arg.writeUInt16LE(QUEUE_DEPTH, 4);
    arg.writeUInt16LE(QUEUE_DEPTH, 6);
    arg.writeBigUInt64LE(0n, 8);
    return { ret: 0, arg: arg.toString('base64') };
  }

  /**
   * mmap rules of spec §2.3 in the kernel's order: offset beyond the regions → EINVAL; dead queue
   * → ENXIO; region already mapped → EEXIST; then the driver's size checks (MMIO at most its
   * size, DUS exactly its size) → EINVAL. The driver sees the VMA, whose size is the length
   * rounded up to whole (emulated) pages, so the checks apply to that.
   */
  private mmap(message: Message): Reply {
    const queue = this.queue!;
    const qfrt = this.regionType(message.offset);
    const length = message.length;
    if (qfrt < 0 || typeof length !== 'number' || !Number.isInteger(length) || length <= 0)
      throw new Errno('EINVAL');
    if (queue.state === 'zombie') throw new Errno('ENXIO');
    const key = qfrt === UACCE_QFRT_MMIO ? 'mmio' : 'dus';
    if (queue.mapped[key]) throw new Errno('EEXIST');
    const pages = Math.ceil(length / EMULATED_PAGE_SIZE) * EMULATED_PAGE_SIZE;
    const fits = key === 'mmio' ? pages <= MMIO_REGION_SIZE : pages === DUS_REGION_SIZE;
    if (!fits) throw new Errno('EINVAL');
    queue.mapped[key] = true;
    return { path: queue[key].path };
  }

  /**
   * The region type of an mmap offset: `qfrt * pageSize` (spec §2.3). Both the emulated page size
   * (4096) and the host's page size are accepted, as a client may compute it with either.
   */
  private regionType(offset: unknown): number {
    if (typeof offset !== 'number') return -1;
    for (const page of [EMULATED_PAGE_SIZE, this.host.systemPageSize]) {
      if (offset === UACCE_QFRT_MMIO * page) return UACCE_QFRT_MMIO;
      if (offset === UACCE_QFRT_DUS * page) return UACCE_QFRT_DUS;
    }
    return -1;
  }

  /** The client unmapped a region: the slot may be mapped again (current mainline). */
  private munmap(message: Message): Reply {
    const queue = this.queue!;
    const qfrt = this.regionType(message.offset);
    if (qfrt === UACCE_QFRT_MMIO) queue.mapped.mmio = false;
    if (qfrt === UACCE_QFRT_DUS) queue.mapped.dus = false;
    return {};
  }

  /** Release (close or disconnect): stop + put + forget; idempotent. */
  release(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.queue && this.queue.state !== 'zombie') {
      this.queue.state = 'zombie';
      this.host.queueReleased(this);
    }
  }
}
