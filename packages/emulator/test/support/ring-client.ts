// SPDX-License-Identifier: Apache-2.0
// A minimal client of the emulator that speaks the ring protocol directly (not the production qm
// driver): socket requests, region mappings, SQEs written into the SQ, doorbells, CQEs read
// back by phase. Used only by the tests.
import { connect, type Socket } from 'node:net';
import type { NativeBinding } from '@uacce/native';
import { type EmulatorBinding, loadEmulatorBinding } from '@uacce/native/emulator';

const O_RDWR = 2;
export const SQE_BYTES = 128;
export const DEPTH = 1024;
export const CQ_BASE = SQE_BYTES * DEPTH;
export const DUS_SIZE = 0x25000;
export const MMIO_SIZE = 8192;
export const PAGE = 4096;
export const START_Q = 0x5700;
export const PUT_Q = 0x5701;
export const SET_QP_CTX = 0xc004480a;
export const SET_QP_INFO = 0xc010480b;

export type Reply = Record<string, unknown> & { ok: boolean; errno?: string };

/** An errno reply surfaced as a rejection the tests can assert on. */
export class ErrnoReply {
  constructor(readonly errno: string) {}
}

/** One socket connection = one open file. */
export class DeviceConnection {
  readonly socket: Socket;
  private nextId = 1;
  private readonly waiting = new Map<number, (reply: Reply) => void>();
  readonly events: string[] = [];
  private eventWaiters: Array<() => void> = [];
  private pending = '';

  constructor(socketPath: string) {
    this.socket = connect(socketPath);
    this.socket.setEncoding('utf8');
    this.socket.on('data', (chunk: string) => this.receive(chunk));
    this.socket.on('error', () => {});
  }

  private receive(chunk: string): void {
    this.pending += chunk;
    for (let newline = this.pending.indexOf('\n'); newline >= 0; newline = this.pending.indexOf('\n')) {
      const message = JSON.parse(this.pending.slice(0, newline)) as Reply & { id?: number; ev?: string };
      this.pending = this.pending.slice(newline + 1);
      if (message.ev) {
        this.events.push(message.ev);
        for (const wake of this.eventWaiters.splice(0)) wake();
      } else {
        this.waiting.get(message.id!)?.(message);
        this.waiting.delete(message.id!);
      }
    }
  }

  /** Sends a request; resolves with the reply (ok or not). */
  send(op: string, fields: Record<string, unknown> = {}): Promise<Reply> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.socket.write(`${JSON.stringify({ id, op, ...fields })}\n`);
    });
  }

  /** Sends a request; rejects with ErrnoReply when the reply is an error. */
  async call(op: string, fields: Record<string, unknown> = {}): Promise<Reply> {
    const reply = await this.send(op, fields);
    if (!reply.ok) throw new ErrnoReply(String(reply.errno));
    return reply;
  }

  async ioctl(request: number, arg?: Buffer): Promise<Buffer | undefined> {
    const reply = await this.call('ioctl', { request, arg: arg?.toString('base64') });
    return typeof reply.arg === 'string' ? Buffer.from(reply.arg, 'base64') : undefined;
  }

  /** Resolves at the next server event (or after `ms`, whichever first). */
  nextEvent(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.eventWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  close(): void {
    this.socket.destroy();
  }
}

export interface Completion {
  slot: number;
  sqe: Buffer;
}

/** The addon (the emulator allowed to DMA into us) and a connection with `device` opened. */
async function openDevice(
  emulator: { socketPath: string; pid: number },
  device: string,
): Promise<{ native: EmulatorBinding; connection: DeviceConnection }> {
  const native = loadEmulatorBinding();
  // Under Yama ptrace_scope 1 the emulator (our child) may DMA into us only if we allow it.
  try {
    native.setPtracer(emulator.pid);
  } catch {
    // No Yama: nothing to allow.
  }
  const connection = new DeviceConnection(emulator.socketPath);
  await connection.call('open', { device, pid: process.pid });
  return { native, connection };
}

/** A started queue with both regions mapped. */
export class RingClient {
  private tail = 0;
  private head = 0;
  private phase = 1;
  outstanding = 0;
  private constructor(
    readonly native: NativeBinding,
    readonly connection: DeviceConnection,
    readonly queueId: number,
    readonly dus: Buffer,
    readonly mmio: ArrayBuffer,
  ) {}

  /** open → mmap DUS → mmap MMIO → SET_QP_CTX → SET_QP_INFO → START (spec §2.8). */
  static async open(
    emulator: { socketPath: string; pid: number },
    device: string,
    qcType: number,
  ): Promise<RingClient> {
    const { native, connection } = await openDevice(emulator, device);
    const map = async (offset: number, length: number) => {
      const reply = await connection.call('mmap', { offset, length });
      const fd = native.open(String(reply.path), O_RDWR);
      try {
        return native.mmap(fd, length, 0);
      } finally {
        native.close(fd);
      }
    };
    const dus = await map(PAGE, DUS_SIZE);
    const mmio = await map(0, MMIO_SIZE);
    const ctx = Buffer.alloc(4);
    ctx.writeUInt16LE(qcType, 2);
    const id = (await connection.ioctl(SET_QP_CTX, ctx))!.readUInt16LE(0);
    await connection.ioctl(SET_QP_INFO, Buffer.alloc(16));
    await connection.ioctl(START_Q);
    return new RingClient(native, connection, id, Buffer.from(dus), mmio);
  }

  private doorbell(command: number, index: number): void {
    const value = (BigInt(index) << 32n) | BigInt((command << 12) | this.queueId);
    this.native.mmioStore64(this.mmio, 0x1000, value);
  }

  /** Writes SQEs into consecutive slots and rings the SQ doorbell once. */
  submit(...sqes: Buffer[]): number[] {
    const slots: number[] = [];
    for (const sqe of sqes) {
      sqe.copy(this.dus, this.tail * SQE_BYTES);
      slots.push(this.tail);
      this.tail = (this.tail + 1) % DEPTH;
    }
    this.outstanding += sqes.length;
    this.doorbell(0, this.tail);
    return slots;
  }

  statusWords(): { rx: number; tx: number } {
    return { rx: this.dus.readUInt32LE(DUS_SIZE - 8), tx: this.dus.readUInt32LE(DUS_SIZE - 4) };
  }

  /** The next completion if its phase matches, else undefined (spec §3.4 consumer algorithm). */
  tryReceive(): Completion | undefined {
    const cqe = CQ_BASE + this.head * 16;
    if ((this.dus.readUInt16LE(cqe + 14) & 1) !== this.phase) return undefined;
    this.native.readBarrier();
    const slot = this.dus.readUInt16LE(cqe + 8);
    const sqe = Buffer.from(this.dus.subarray(slot * SQE_BYTES, (slot + 1) * SQE_BYTES));
    this.head += 1;
    if (this.head === DEPTH) {
      this.head = 0;
      this.phase ^= 1;
    }
    this.outstanding -= 1;
    // One CQ doorbell per consumed CQE, as the hardware's drivers do; the SQ is never re-rung.
    this.doorbell(1, this.head);
    return { slot, sqe };
  }

  /** Waits for the next completion, sleeping on {"ev":"poll"}; undefined after `timeoutMs`. */
  async receive(timeoutMs = 10_000): Promise<Completion | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const completion = this.tryReceive();
      if (completion) return completion;
      const left = deadline - Date.now();
      if (left <= 0) return undefined;
      await this.connection.nextEvent(Math.min(left, 50));
    }
  }

  close(): void {
    this.connection.close();
  }
}

/** A started queue whose region fds are kept open (for worker threads to map them). */
export interface RawQueue {
  connection: DeviceConnection;
  queueId: number;
  dusFd: number;
  mmioFd: number;
  close(): void;
}

/** open → mmap both regions (fds kept) → SET_QP_CTX → START; no mapping in this thread. */
export async function openRawQueue(
  emulator: { socketPath: string; pid: number },
  device: string,
  qcType: number,
): Promise<RawQueue> {
  const { native, connection } = await openDevice(emulator, device);
  const fdOf = async (offset: number, length: number) =>
    native.open(String((await connection.call('mmap', { offset, length })).path), O_RDWR);
  const dusFd = await fdOf(PAGE, DUS_SIZE);
  const mmioFd = await fdOf(0, MMIO_SIZE);
  const ctx = Buffer.alloc(4);
  ctx.writeUInt16LE(qcType, 2);
  const queueId = (await connection.ioctl(SET_QP_CTX, ctx))!.readUInt16LE(0);
  await connection.ioctl(START_Q);
  return {
    connection,
    queueId,
    dusFd,
    mmioFd,
    close() {
      native.close(dusFd);
      native.close(mmioFd);
      connection.close();
    },
  };
}
