// SPDX-License-Identifier: Apache-2.0
// One connection to the emulator's socket: newline-delimited JSON both ways, one reply per
// request in order, server events without `id` (docs/contracts.md, "The emulator transport").
import { createConnection, type Socket } from 'node:net';
import { UacceDeviceError } from '@uacce/abi';

export type Message = Record<string, unknown>;

interface Waiter {
  resolve(reply: Message): void;
  reject(error: unknown): void;
}

/** A request/reply channel with server events; the socket holds the loop only while needed. */
export class JsonLinesConnection {
  readonly #socket: Socket;
  readonly #waiters = new Map<number, Waiter>();
  readonly #onEvent: (event: Message) => void;
  readonly #onLost: (error: UacceDeviceError) => void;
  #nextId = 1;
  #buffered = '';
  #holds = 0;
  #lost: UacceDeviceError | undefined;

  private constructor(
    socket: Socket,
    onEvent: (event: Message) => void,
    onLost: (e: UacceDeviceError) => void,
  ) {
    this.#socket = socket;
    this.#onEvent = onEvent;
    this.#onLost = onLost;
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.#receive(chunk));
    socket.on('error', (error) => this.#lose(error));
    socket.on('close', () => this.#lose(undefined));
  }

  /** Connects to `path`; rejects with ERR_UACCE_TRANSPORT when the socket cannot be reached. */
  static connect(
    path: string,
    onEvent: (event: Message) => void,
    onLost: (error: UacceDeviceError) => void,
  ): Promise<JsonLinesConnection> {
    return new Promise((resolve, reject) => {
      const socket = createConnection(path);
      const fail = (error: Error) =>
        reject(
          new UacceDeviceError(
            'ERR_UACCE_TRANSPORT',
            `cannot reach the emulator at ${path}`,
            {},
            { cause: error },
          ),
        );
      socket.once('error', fail);
      socket.once('connect', () => {
        socket.off('error', fail);
        socket.unref();
        resolve(new JsonLinesConnection(socket, onEvent, onLost));
      });
    });
  }

  /** Sends one request and resolves with its reply (whether `ok` or not). */
  request(message: Message): Promise<Message> {
    if (this.#lost) return Promise.reject(this.#lost);
    const id = this.#nextId++;
    this.hold();
    return new Promise<Message>((resolve, reject) => {
      this.#waiters.set(id, { resolve, reject });
      this.#socket.write(`${JSON.stringify({ id, ...message })}\n`);
    }).finally(() => this.release());
  }

  /** Keeps the event loop alive (while requests or completions are awaited). */
  hold(): void {
    if (this.#holds++ === 0) this.#socket.ref();
  }

  /** Undoes one `hold`. */
  release(): void {
    if (this.#holds > 0 && --this.#holds === 0) this.#socket.unref();
  }

  /** Closes the connection at once; the server reclaims everything the connection owned. */
  destroy(): void {
    this.#socket.destroy();
  }

  get lost(): boolean {
    return this.#lost !== undefined;
  }

  #receive(chunk: string): void {
    this.#buffered += chunk;
    let newline = this.#buffered.indexOf('\n');
    while (newline >= 0) {
      const line = this.#buffered.slice(0, newline);
      this.#buffered = this.#buffered.slice(newline + 1);
      if (line.length > 0) this.#dispatch(line);
      newline = this.#buffered.indexOf('\n');
    }
  }

  #dispatch(line: string): void {
    let message: Message;
    try {
      message = JSON.parse(line) as Message;
    } catch (error) {
      this.#lose(error as Error);
      return;
    }
    if (typeof message.id === 'number') {
      const waiter = this.#waiters.get(message.id);
      this.#waiters.delete(message.id);
      waiter?.resolve(message);
    } else {
      this.#onEvent(message);
    }
  }

  #lose(cause: Error | undefined): void {
    if (this.#lost) return;
    this.#lost = new UacceDeviceError(
      'ERR_UACCE_TRANSPORT',
      'the emulator connection was lost',
      {},
      { cause },
    );
    for (const waiter of this.#waiters.values()) waiter.reject(this.#lost);
    this.#waiters.clear();
    this.#socket.destroy();
    this.#onLost(this.#lost);
  }
}
