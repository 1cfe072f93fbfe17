// SPDX-License-Identifier: Apache-2.0
// The emulator transport: every operation of the character device forwarded over the
// emulator's UNIX socket (docs/contracts.md). Regions are shared-memory files mapped with the
// same native mmap; readiness is the server's {"ev":"poll"}; {"ev":"removed"} is a reset.
import { constants } from 'node:fs';
import type { UacceDeviceError } from '@uacce/abi';
import type { NativeBinding } from '@uacce/native';
import { JsonLinesConnection, type Message } from './internal/json-lines-connection';
import { systemErrorFromName, toSystemError } from './internal/system-error';
import type { QueueFile, ReadinessWatch, Transport } from './transport';

/** Creates the emulator transport for the socket at `socketPath`. */
export function createEmulatorTransport(native: NativeBinding, socketPath: string): Transport {
  return {
    kind: 'emulator',
    async open(device: string): Promise<QueueFile> {
      const file = new EmulatorQueueFile(native, device);
      await file.connect(socketPath);
      return file;
    },
  };
}

class EmulatorQueueFile implements QueueFile {
  readonly device: string;
  readonly #native: NativeBinding;
  readonly #path: string;
  readonly #readable = new Set<() => void>();
  readonly #removed = new Set<(error?: UacceDeviceError) => void>();
  #connection: JsonLinesConnection | undefined;
  readonly #mappings = new Set<ArrayBuffer>();
  #closing = false;
  #gone = false;
  #lostError: UacceDeviceError | undefined;

  constructor(native: NativeBinding, device: string) {
    this.#native = native;
    this.device = device;
    this.#path = `/dev/${device}`;
  }

  async connect(socketPath: string): Promise<void> {
    const connection = await JsonLinesConnection.connect(
      socketPath,
      (event) => this.#event(event),
      (error) => this.#lost(error),
    );
    this.#connection = connection;
    try {
      await this.#call({ op: 'open', device: this.device, pid: process.pid }, 'open');
    } catch (error) {
      this.dispose();
      throw error;
    }
  }

  async ioctl(request: number, arg?: Uint8Array): Promise<number> {
    const message: Message = { op: 'ioctl', request };
    if (arg !== undefined)
      message.arg = Buffer.from(arg.buffer, arg.byteOffset, arg.byteLength).toString('base64');
    const reply = await this.#call(message, 'ioctl');
    if (arg !== undefined && typeof reply.arg === 'string')
      arg.set(Buffer.from(reply.arg, 'base64').subarray(0, arg.length));
    return typeof reply.ret === 'number' ? reply.ret : 0;
  }

  async mmap(qfrt: number, length: number): Promise<ArrayBuffer> {
    const reply = await this.#call({ op: 'mmap', offset: qfrt * this.#native.pageSize(), length }, 'mmap');
    const regionPath = String(reply.path);
    let fd: number;
    try {
      fd = this.#native.open(regionPath, constants.O_RDWR);
    } catch (error) {
      throw toSystemError(error, 'open', regionPath);
    }
    try {
      const mapping = this.#native.mmap(fd, length, 0);
      this.#mappings.add(mapping);
      return mapping;
    } catch (error) {
      throw toSystemError(error, 'mmap', regionPath);
    } finally {
      // The mapping keeps the shared memory; the fd is not needed past mmap.
      this.#native.close(fd);
    }
  }

  async munmap(qfrt: number, mapping: ArrayBuffer): Promise<void> {
    if (!this.#mappings.delete(mapping)) return;
    try {
      this.#native.munmap(mapping);
    } catch (error) {
      throw toSystemError(error, 'munmap', this.#path);
    }
    if (!this.#gone) await this.#call({ op: 'munmap', offset: qfrt * this.#native.pageSize() }, 'munmap');
  }

  store64(mapping: ArrayBuffer, offset: number, value: bigint): void {
    this.#native.mmioStore64(mapping, offset, value);
  }

  load32(mapping: ArrayBuffer, offset: number): number {
    return this.#native.mmioLoad32(mapping, offset);
  }

  watchReadable(listener: () => void): ReadinessWatch {
    this.#readable.add(listener);
    this.#connection?.hold();
    let active = true;
    return {
      stop: () => {
        if (!active) return;
        active = false;
        this.#readable.delete(listener);
        this.#connection?.release();
      },
    };
  }

  onRemoved(listener: (error?: UacceDeviceError) => void): void {
    if (this.#gone) queueMicrotask(() => listener(this.#lostError));
    else this.#removed.add(listener);
  }

  async close(): Promise<void> {
    const connection = this.#connection;
    if (connection === undefined || this.#closing) return;
    this.#closing = true;
    if (!connection.lost) await connection.request({ op: 'close' }).catch(() => undefined);
    this.dispose();
  }

  dispose(): void {
    this.#closing = true;
    for (const mapping of this.#mappings) {
      try {
        this.#native.munmap(mapping);
      } catch {
        // Already unmapped by its finalizer.
      }
    }
    this.#mappings.clear();
    this.#connection?.destroy();
    this.#connection = undefined;
    this.#readable.clear();
  }

  async #call(message: Message, syscall: string): Promise<Message> {
    const connection = this.#connection;
    if (connection === undefined) throw systemErrorFromName('EBADF', syscall, this.#path);
    const reply = await connection.request(message);
    if (reply.ok !== true) throw systemErrorFromName(String(reply.errno ?? 'EIO'), syscall, this.#path);
    return reply;
  }

  #event(event: Message): void {
    if (event.ev === 'poll') {
      for (const listener of [...this.#readable]) listener();
    } else if (event.ev === 'removed') {
      this.#lost();
    }
  }

  /** A reset, a removal or a lost connection: the mappings must not be touched again. */
  #lost(error?: UacceDeviceError): void {
    if (this.#gone || this.#closing) return;
    this.#gone = true;
    this.#lostError = error;
    for (const listener of [...this.#removed]) listener(error);
    this.#removed.clear();
  }
}
