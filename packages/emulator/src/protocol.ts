// SPDX-License-Identifier: Apache-2.0
// Newline-delimited JSON framing shared by the device socket and the control socket
// (docs/contracts.md "The emulator transport"): one object per line, both directions.
import type { Socket } from 'node:net';

export type Message = Record<string, unknown>;

/**
 * Longest line a peer may send (bytes before the newline). Every request of the protocol fits in
 * a few hundred bytes; a peer that sends more without a newline is disconnected, so one client
 * can neither grow the emulator's memory nor stall the other clients.
 */
export const MAX_LINE_BYTES = 64 * 1024;

/**
 * Calls `onMessage` for each complete line. A line that is not a JSON object, or longer than
 * MAX_LINE_BYTES, ends the connection. Each byte is scanned for the newline once: only the new
 * chunk is searched, the partial line before it is kept as a list of chunks.
 */
export function readMessages(socket: Socket, onMessage: (message: Message) => void): void {
  let partial: Buffer[] = [];
  let partialLength = 0;
  const handleLine = (line: Buffer): boolean => {
    const text = line.toString('utf8');
    if (text.trim() === '') return true;
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return false;
    }
    if (typeof message !== 'object' || message === null || Array.isArray(message)) return false;
    onMessage(message as Message);
    return true;
  };
  socket.on('data', (chunk: Buffer) => {
    let start = 0;
    for (let newline = chunk.indexOf(10); newline >= 0; newline = chunk.indexOf(10, start)) {
      if (partialLength + newline - start > MAX_LINE_BYTES) {
        socket.destroy();
        return;
      }
      let line = chunk.subarray(start, newline);
      if (partialLength > 0) {
        line = Buffer.concat([...partial, line]);
        partial = [];
        partialLength = 0;
      }
      start = newline + 1;
      if (!handleLine(line) || socket.destroyed) {
        socket.destroy();
        return;
      }
    }
    if (start < chunk.length) {
      partialLength += chunk.length - start;
      if (partialLength > MAX_LINE_BYTES) {
        socket.destroy();
        return;
      }
      partial.push(chunk.subarray(start));
    }
  });
}

/** Writes one message as one line (dropped if the peer has gone). */
export function sendMessage(socket: Socket, message: Message): void {
  if (!socket.destroyed && socket.writable) socket.write(`${JSON.stringify(message)}\n`);
}
