// SPDX-License-Identifier: Apache-2.0
// The same routes for node:http and Express (both hand out a node:http ServerResponse).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { CompressibleResponse } from '../../src/compress-response';
import { sampleText } from './server';

export const TEXT = sampleText(64 * 1024);
export const SMALL = sampleText(100);
export const STREAM_CHUNKS = 128;
export const STREAM_CHUNK = sampleText(64 * 1024);

/** Server-sent events: the route writes event `i` only once the test says event `i - 1` arrived. */
export class EventGate {
  #waiters: Array<() => void> = [];
  #received = 0;
  /** Resolves once the client has seen `count` events. */
  wait(count: number): Promise<void> {
    if (this.#received >= count) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(() => this.#received >= count && resolve()));
  }
  received(): void {
    this.#received += 1;
    for (const waiter of this.#waiters) waiter();
  }
  /** Starts counting again, for the next request of the same route. */
  reset(): void {
    this.#received = 0;
    this.#waiters = [];
  }
}

export const SSE_EVENTS = 5;

async function writeEvents(res: ServerResponse, gate: EventGate): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  for (let index = 0; index < SSE_EVENTS; index += 1) {
    await gate.wait(index);
    res.write(`id: ${index}\ndata: ${JSON.stringify({ index, padding: 'x'.repeat(100) })}\n\n`);
  }
  res.end();
}

/** Writes STREAM_CHUNKS chunks honouring backpressure; records whether write() ever said wait. */
async function writeStream(res: ServerResponse, seen: { backpressure: boolean }): Promise<void> {
  res.setHeader('content-type', 'text/plain');
  for (let index = 0; index < STREAM_CHUNKS; index += 1) {
    if (!res.write(STREAM_CHUNK)) {
      seen.backpressure = true;
      await new Promise((resolve) => res.once('drain', resolve));
    }
  }
  res.end();
}

/** Handles every test route; returns false for unknown paths. */
export function handleRoute(
  req: IncomingMessage,
  res: ServerResponse,
  state: { gate: EventGate; seen: { backpressure: boolean } },
): void {
  switch (req.url) {
    case '/text':
      res.setHeader('content-type', 'text/plain; charset=utf-8');
      res.setHeader('etag', '"v1"');
      res.setHeader('content-length', Buffer.byteLength(TEXT));
      res.end(TEXT);
      return;
    case '/write-head':
      res.writeHead(200, { 'Content-Type': 'application/json', ETag: '"v2"' });
      res.end(JSON.stringify({ text: TEXT }));
      return;
    case '/small':
      res.setHeader('content-type', 'text/plain');
      res.end(SMALL);
      return;
    case '/image':
      res.setHeader('content-type', 'image/png');
      res.end(Buffer.from(TEXT));
      return;
    case '/no-transform':
      res.setHeader('content-type', 'text/plain');
      res.setHeader('cache-control', 'no-transform');
      res.end(TEXT);
      return;
    case '/encoded':
      res.setHeader('content-type', 'text/plain');
      res.setHeader('content-encoding', 'gzip');
      res.end(gzipSync(TEXT));
      return;
    case '/204':
      res.statusCode = 204;
      res.setHeader('content-type', 'text/plain');
      res.end();
      return;
    case '/206':
      res.statusCode = 206;
      res.setHeader('content-type', 'text/plain');
      res.setHeader('content-range', `bytes 0-${Buffer.byteLength(TEXT) - 1}/${Buffer.byteLength(TEXT) * 2}`);
      res.end(TEXT);
      return;
    case '/no-compress':
      res.setHeader('content-type', 'text/plain');
      res.setHeader('x-no-compression', '1');
      res.end(TEXT);
      return;
    case '/304':
      res.statusCode = 304;
      res.setHeader('content-type', 'text/plain');
      res.setHeader('etag', '"v1"');
      res.end();
      return;
    case '/stream':
      void writeStream(res, state.seen);
      return;
    case '/sse':
      void writeEvents(res, state.gate);
      return;
    case '/flush':
      res.setHeader('content-type', 'text/plain');
      res.write('first part\n');
      (res as CompressibleResponse).flush();
      void state.gate.wait(1).then(() => res.end('second part\n'));
      return;
    default:
      res.statusCode = 404;
      res.end();
  }
}
