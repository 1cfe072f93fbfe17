// SPDX-License-Identifier: Apache-2.0
// Client side of D/control.sock: one connection, requests matched to replies by id. The
// connection keeps the process alive exactly while a request waits for its reply (a script that
// awaits `faults.devices()` gets its answer), and never otherwise (an idle handle does not).
import { connect, type Socket } from 'node:net';
import { UacceDeviceError } from '@uacce/abi';
import { type Message, readMessages, sendMessage } from './protocol';

interface Pending {
  resolve(reply: Message): void;
  reject(error: UacceDeviceError): void;
}

export class ControlClient {
  private socket: Socket | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly path: string) {}

  /** Sends one request; rejects with ERR_UACCE_TRANSPORT when the emulator refuses or is gone. */
  request(op: string, fields: Message = {}): Promise<Message> {
    const socket = this.connection();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      socket.ref();
      sendMessage(socket, { ...fields, id, op });
    });
  }

  private connection(): Socket {
    if (this.socket && !this.socket.destroyed) return this.socket;
    const socket = connect(this.path);
    socket.unref();
    readMessages(socket, (reply) => this.settle(reply));
    const fail = () => this.failAll('the emulator control channel closed');
    socket.on('close', fail);
    socket.on('error', fail);
    this.socket = socket;
    return socket;
  }

  private settle(reply: Message): void {
    const pending = this.pending.get(reply.id as number);
    if (!pending) return;
    this.pending.delete(reply.id as number);
    if (this.pending.size === 0) this.socket?.unref();
    if (reply.ok === true) pending.resolve(reply);
    else
      pending.reject(new UacceDeviceError('ERR_UACCE_TRANSPORT', `emulator control: ${String(reply.error)}`));
  }

  private failAll(reason: string): void {
    for (const pending of this.pending.values())
      pending.reject(new UacceDeviceError('ERR_UACCE_TRANSPORT', reason));
    this.pending.clear();
  }

  /** Closes the connection; idempotent. */
  close(): void {
    this.socket?.destroy();
    this.socket = undefined;
  }
}
