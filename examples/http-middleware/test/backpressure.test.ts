// SPDX-License-Identifier: Apache-2.0
// Backpressure through the compressor: while the client does not read, the handler's writes stop
// (bounded memory); when it reads again, the body completes intact.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { request } from 'undici';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { withCompression } from '../src/middleware';
import type { CompressionImplementation } from '../src/zlib-implementation';
import { type Listening, listen } from './support/server';

// Incompressible text (base64 of random bytes), so compressed bytes fill the socket as fast as
// plain ones would.
const CHUNK = randomBytes(48 * 1024).toString('base64');
const TOTAL_CHUNKS = 1024; // 64 MiB
const progress = { written: 0, waiting: false, finished: false };
let listening: Listening;

beforeAll(async () => {
  const server = createServer(
    withCompression(async (_req, res) => {
      res.setHeader('content-type', 'text/plain');
      for (let index = 0; index < TOTAL_CHUNKS; index += 1) {
        progress.written += 1;
        if (!res.write(CHUNK)) {
          progress.waiting = true;
          await new Promise((resolve) => res.once('drain', resolve));
          progress.waiting = false;
        }
      }
      progress.finished = true;
      res.end();
    }),
  );
  listening = await listen(server);
});
afterAll(() => listening.close());

it('stops the writer while the client does not read, then completes', async () => {
  const response = await request(`${listening.url}/`, { headers: { 'accept-encoding': 'gzip' } });
  expect(response.headers['content-encoding']).toBe('gzip');
  // The client reads nothing yet. Give an unbounded implementation every chance to run ahead:
  // wait until the writer has been stuck on the same 'drain' for a while.
  let stuckSince = Date.now();
  let last = progress.written;
  while (Date.now() - stuckSince < 500 && !progress.finished) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    if (progress.written !== last || !progress.waiting) {
      last = progress.written;
      stuckSince = Date.now();
    }
  }
  expect(progress.finished).toBe(false);
  // Socket buffers, the compressor's buffers and one chunk: far below the 64 MiB body.
  expect(progress.written * CHUNK.length).toBeLessThan(16 * 1024 * 1024);
  const body = gunzipSync(Buffer.from(await response.body.arrayBuffer()));
  expect(body.length).toBe(CHUNK.length * TOTAL_CHUNKS);
  expect(body.subarray(0, CHUNK.length).toString()).toBe(CHUNK);
  expect(progress.finished).toBe(true);
});

it('destroys the compressor when the client goes away mid-body', async () => {
  const created: Array<import('node:stream').Transform> = [];
  const zlib = await import('node:zlib');
  const implementation = {
    createGzip: (options?: object) => {
      const gzip = zlib.createGzip(options);
      created.push(gzip);
      return gzip as unknown as ReturnType<CompressionImplementation['createGzip']>;
    },
    createDeflate: (options?: object) =>
      zlib.createDeflate(options) as unknown as ReturnType<CompressionImplementation['createDeflate']>,
  };
  const server = createServer(
    withCompression(
      (_req, res) => {
        res.setHeader('content-type', 'text/plain');
        // Writes once and never ends: only the client's disconnect can finish this response.
        res.write(CHUNK);
      },
      { implementation },
    ),
  );
  const aborting = await listen(server);
  try {
    const controller = new AbortController();
    const response = await request(`${aborting.url}/`, {
      headers: { 'accept-encoding': 'gzip' },
      signal: controller.signal,
    });
    expect(response.headers['content-encoding']).toBe('gzip');
    controller.abort();
    await response.body.arrayBuffer().catch(() => {});
    const deadline = Date.now() + 5000;
    while (!created[0]?.destroyed && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(created).toHaveLength(1);
    expect(created[0]!.destroyed).toBe(true);
  } finally {
    await aborting.close();
  }
});
