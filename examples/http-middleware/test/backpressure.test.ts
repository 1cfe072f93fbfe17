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

// Incompressible text: base64 of random bytes, 4 MiB of it, so no chunk repeats within deflate's
// 32 KiB window and compressed bytes fill the socket about as fast as plain ones would.
const POOL = randomBytes(3 * 1024 * 1024).toString('base64');
const TOTAL = 64 * 1024 * 1024;

interface Progress {
  written: number;
  waiting: boolean;
  finished: boolean;
}
const progress = new Map<number, Progress>();
let listening: Listening;

/** Chunk `index` of a body written in `size`-byte chunks: the pool, over and over. */
function chunkAt(index: number, size: number): string {
  const at = (index * size) % POOL.length;
  return POOL.slice(at, at + size);
}

beforeAll(async () => {
  const server = createServer(
    withCompression(async (req, res) => {
      const size = Number(new URL(req.url ?? '/', 'http://localhost').searchParams.get('chunk'));
      const state: Progress = { written: 0, waiting: false, finished: false };
      progress.set(size, state);
      res.setHeader('content-type', 'text/plain');
      for (let index = 0; index < TOTAL / size; index += 1) {
        state.written += 1;
        if (!res.write(chunkAt(index, size))) {
          state.waiting = true;
          await new Promise((resolve) => res.once('drain', resolve));
          state.waiting = false;
        }
      }
      state.finished = true;
      res.end();
    }),
  );
  listening = await listen(server);
});
afterAll(() => listening.close());

// Large writes, and small ones: with 1 KiB writes the compressor drains (and the response
// re-emits 'drain') many times per socket-full, which must not let the writer run ahead either.
it.each([64 * 1024, 1024])(
  'stops the writer (%i-byte writes) while the client does not read, then completes',
  async (size) => {
    const response = await request(`${listening.url}/?chunk=${size}`, {
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(response.headers['content-encoding']).toBe('gzip');
    const state = progress.get(size)!;
    // The client reads nothing yet. Give an unbounded implementation every chance to run ahead:
    // wait until the writer has been stuck on the same 'drain' for a while.
    let stuckSince = Date.now();
    let last = state.written;
    while (Date.now() - stuckSince < 500 && !state.finished) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      if (state.written !== last || !state.waiting) {
        last = state.written;
        stuckSince = Date.now();
      }
    }
    expect(state.finished).toBe(false);
    // Socket buffers, the compressor's buffers and one chunk: far below the 64 MiB body.
    expect(state.written * size).toBeLessThan(16 * 1024 * 1024);
    const body = gunzipSync(Buffer.from(await response.body.arrayBuffer()));
    expect(body.length).toBe(TOTAL);
    const pool = Buffer.from(POOL);
    for (let at = 0; at < TOTAL; at += pool.length) {
      expect(body.subarray(at, at + pool.length).equals(pool)).toBe(true);
    }
    expect(state.finished).toBe(true);
  },
);

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
        res.write(chunkAt(0, 64 * 1024));
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
