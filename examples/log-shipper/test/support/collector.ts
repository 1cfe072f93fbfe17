// SPDX-License-Identifier: Apache-2.0
// A log collector on 127.0.0.1: accepts gzip NDJSON batches, decompresses them, keeps each
// Idempotency-Key once (as a real ingestion endpoint does), and can be stopped and restarted on
// the same port.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

export class Collector {
  readonly lines: string[] = [];
  readonly keys = new Set<string>();
  requests = 0;
  duplicates = 0;
  notGzip = 0;
  /** Status to answer the next requests with instead of accepting them (each use consumes one). */
  readonly failWith: number[] = [];
  /** Answer every request this many ms late (a slow endpoint). */
  delayMs = 0;
  /** Answer every n-th request with 503 (a flaky endpoint); 0 never. */
  failEvery = 0;
  port = 0;
  #server: Server | undefined;

  get url(): string {
    return `http://127.0.0.1:${this.port}/ingest`;
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => void this.#handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.#server = server;
  }

  /** Stops listening and drops every open connection (what a crashed collector looks like). */
  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    this.requests += 1;
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    const failure =
      this.failWith.shift() ?? (this.failEvery > 0 && this.requests % this.failEvery === 0 ? 503 : undefined);
    if (failure !== undefined) {
      res.writeHead(failure).end();
      return;
    }
    if (req.headers['content-encoding'] !== 'gzip') {
      this.notGzip += 1;
      res.writeHead(415).end();
      return;
    }
    const key = String(req.headers['idempotency-key']);
    if (this.keys.has(key)) {
      this.duplicates += 1;
    } else {
      this.keys.add(key);
      const text = gunzipSync(Buffer.concat(chunks)).toString();
      this.lines.push(...text.split('\n').filter((line) => line !== ''));
    }
    res.writeHead(204).end();
  }
}

/** Asserts-friendly view: how often each message index arrived. */
export function countByIndex(lines: string[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const line of lines) {
    const index = (JSON.parse(line) as { index: number }).index;
    counts.set(index, (counts.get(index) ?? 0) + 1);
  }
  return counts;
}

/** Polls `condition` every 10 ms until true; rejects after `ms` (a deadline, not a timing assertion). */
export async function until(condition: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met before the deadline');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
