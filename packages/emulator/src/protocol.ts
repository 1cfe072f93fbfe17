// SPDX-License-Identifier: Apache-2.0
// Newline-delimited JSON framing shared by the device socket and the control socket
// (docs/contracts.md "The emulator transport"): one object per line, both directions.
import type { Socket } from 'node:net';

export type Message = Record<string, unknown>;

/** Calls `onMessage` for each complete line; a line that is not a JSON object ends the connection. */
export function readMessages(socket: Socket, onMessage: (message: Message) => void): void {
  let pending = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    pending += chunk;
    let newline = pending.indexOf('\n');
    while (newline >= 0) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      newline = pending.indexOf('\n');
      if (line.trim() === '') continue;
      let message: unknown;
      try {
        message = JSON.parse(line);
      } catch {
        socket.destroy();
        return;
      }
      if (typeof message !== 'object' || message === null || Array.isArray(message)) {
        socket.destroy();
        return;
      }
      onMessage(message as Message);
    }
  });
}

/** Writes one message as one line (dropped if the peer has gone). */
export function sendMessage(socket: Socket, message: Message): void {
  if (!socket.destroyed && socket.writable) socket.write(`${JSON.stringify(message)}\n`);
}
