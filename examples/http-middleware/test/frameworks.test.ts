// SPDX-License-Identifier: Apache-2.0
// The same behaviour through node:http, Express 5 and Fastify 5, checked with real clients over
// loopback: undici (raw bytes and fetch, which decodes) and curl --compressed.
import { createServer } from 'node:http';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import express from 'express';
import { fetch, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compression, withCompression } from '../src/middleware';
import type { CompressionOptions } from '../src/options';
import { createFastifyApp } from './support/fastify-app';
import {
  EventGate,
  handleRoute,
  SMALL,
  SSE_EVENTS,
  STREAM_CHUNK,
  STREAM_CHUNKS,
  TEXT,
} from './support/routes';
import { curlCompressed, curlEvents, type Listening, listen } from './support/server';

interface Harness {
  listening: Listening;
  gate: EventGate;
  seen: { backpressure: boolean };
}

type Factory = (options?: CompressionOptions) => Promise<Harness>;

const factories: Array<[string, Factory]> = [
  [
    'node:http',
    async (options) => {
      const state = { gate: new EventGate(), seen: { backpressure: false } };
      const server = createServer(withCompression((req, res) => handleRoute(req, res, state), options));
      return { listening: await listen(server), ...state };
    },
  ],
  [
    'express',
    async (options) => {
      const state = { gate: new EventGate(), seen: { backpressure: false } };
      const app = express();
      app.use(compression(options));
      app.use((req: Parameters<typeof handleRoute>[0], res: Parameters<typeof handleRoute>[1]) =>
        handleRoute(req, res, state),
      );
      return { listening: await listen(createServer(app)), ...state };
    },
  ],
  [
    'fastify',
    async (options) => {
      const state = { gate: new EventGate(), seen: { backpressure: false } };
      const app = await createFastifyApp(state.gate, state.seen, options);
      await app.listen({ port: 0, host: '127.0.0.1' });
      const address = app.server.address() as { port: number };
      const listening = { url: `http://127.0.0.1:${address.port}`, close: () => app.close() };
      return { listening, ...state };
    },
  ],
];

async function raw(url: string, headers: Record<string, string> = {}, method: 'GET' | 'HEAD' = 'GET') {
  const response = await request(url, { method, headers });
  return {
    status: response.statusCode,
    headers: response.headers,
    body: Buffer.from(await response.body.arrayBuffer()),
  };
}

/** Reads a byte stream as text, chunk by chunk. */
function textReader(body: import('node:stream/web').ReadableStream<Uint8Array>) {
  const bytes = body.getReader();
  const decoder = new TextDecoder();
  return {
    async read(): Promise<{ value: string | undefined; done: boolean }> {
      const { value, done } = await bytes.read();
      return { value: value === undefined ? undefined : decoder.decode(value, { stream: true }), done };
    },
    cancel: () => bytes.cancel(),
  };
}

/** Reads decoded SSE events one at a time from a fetch body, telling the gate after each one. */
async function readEvents(url: string, gate: EventGate): Promise<string[]> {
  const response = await fetch(url, { headers: { 'accept-encoding': 'gzip' } });
  expect(response.headers.get('content-encoding')).toBe('gzip');
  const reader = textReader(response.body!);
  const events: string[] = [];
  let buffered = '';
  while (events.length < SSE_EVENTS) {
    const { value, done } = await reader.read();
    if (done) break;
    buffered += value;
    let boundary = buffered.indexOf('\n\n');
    while (boundary !== -1) {
      events.push(buffered.slice(0, boundary));
      buffered = buffered.slice(boundary + 2);
      // The server writes the next event only now: had this event been held in the compressor,
      // the read above would never have completed and the test would time out.
      gate.received();
      boundary = buffered.indexOf('\n\n');
    }
  }
  await reader.cancel();
  return events;
}

describe.each(factories)('%s', (_name, factory) => {
  let harness: Harness;
  let url: string;
  beforeAll(async () => {
    harness = await factory();
    url = harness.listening.url;
  });
  afterAll(() => harness.listening.close());

  it('gzips a text body that fetch decodes to the original', async () => {
    const response = await fetch(`${url}/text`, { headers: { 'accept-encoding': 'gzip' } });
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(await response.text()).toBe(TEXT);
  });

  it('sets Vary, weakens the ETag and drops Content-Length when compressing', async () => {
    const response = await raw(`${url}/text`, { 'accept-encoding': 'gzip' });
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(String(response.headers.vary).toLowerCase()).toContain('accept-encoding');
    expect(response.headers.etag).toBe('W/"v1"');
    expect(response.headers['content-length']).toBeUndefined();
    expect(gunzipSync(response.body).toString()).toBe(TEXT);
  });

  it('applies headers given to writeHead', async () => {
    const response = await raw(`${url}/write-head`, { 'accept-encoding': 'gzip' });
    expect(response.headers.etag).toBe('W/"v2"');
    expect(JSON.parse(gunzipSync(response.body).toString())).toEqual({ text: TEXT });
  });

  it('deflates when the client prefers deflate', async () => {
    const response = await raw(`${url}/text`, { 'accept-encoding': 'gzip;q=0.5, deflate' });
    expect(response.headers['content-encoding']).toBe('deflate');
    expect(inflateSync(response.body).toString()).toBe(TEXT);
  });

  it('sends brotli to a client that asks for br only or prefers it by q-value', async () => {
    for (const header of ['br', 'gzip;q=0.5, br', 'br;q=1, gzip;q=0.9, deflate;q=0.1']) {
      const response = await raw(`${url}/text`, { 'accept-encoding': header });
      expect(response.headers['content-encoding'], header).toBe('br');
      expect(brotliDecompressSync(response.body).toString()).toBe(TEXT);
    }
    const decoded = await fetch(`${url}/text`, { headers: { 'accept-encoding': 'br' } });
    expect(decoded.headers.get('content-encoding')).toBe('br');
    expect(await decoded.text()).toBe(TEXT);
  });

  it('prefers gzip (the accelerated coding) when the client rates gzip and br the same', async () => {
    const response = await raw(`${url}/text`, { 'accept-encoding': 'gzip, deflate, br' });
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(response.body).toString()).toBe(TEXT);
  });

  it('sends a 206 Partial Content as is, Content-Range intact', async () => {
    const response = await raw(`${url}/206`, { 'accept-encoding': 'gzip, br' });
    expect(response.status).toBe(206);
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.headers['content-range']).toBe(`bytes 0-${TEXT.length - 1}/${TEXT.length * 2}`);
    expect(response.body.toString()).toBe(TEXT);
  });

  it('sends identity to a client that does not ask, keeping Vary', async () => {
    const response = await raw(`${url}/text`);
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.headers.etag).toBe('"v1"');
    expect(String(response.headers.vary).toLowerCase()).toContain('accept-encoding');
    expect(response.body.toString()).toBe(TEXT);
  });

  it('respects identity preferred by q-value and gzip;q=0', async () => {
    for (const header of ['gzip;q=0.2, identity', 'gzip;q=0, deflate;q=0']) {
      const response = await raw(`${url}/text`, { 'accept-encoding': header });
      expect(response.headers['content-encoding']).toBeUndefined();
      expect(response.body.toString()).toBe(TEXT);
    }
  });

  it('leaves bodies under the threshold alone, Content-Length included', async () => {
    const response = await raw(`${url}/small`, { 'accept-encoding': 'gzip' });
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(Number(response.headers['content-length'])).toBe(SMALL.length);
    expect(response.body.toString()).toBe(SMALL);
  });

  it.each(['/image', '/no-transform'])('leaves %s alone', async (path) => {
    const response = await raw(`${url}${path}`, { 'accept-encoding': 'gzip' });
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.body.toString()).toBe(TEXT);
  });

  it('does not encode an already encoded body twice', async () => {
    const response = await raw(`${url}/encoded`, { 'accept-encoding': 'gzip' });
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(response.body).toString()).toBe(TEXT);
  });

  it('does not compress HEAD', async () => {
    const response = await raw(`${url}/text`, { 'accept-encoding': 'gzip' }, 'HEAD');
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.body.length).toBe(0);
  });

  it.each([204, 304])('does not compress a %i', async (status) => {
    const response = await raw(`${url}/${status}`, { 'accept-encoding': 'gzip' });
    expect(response.status).toBe(status);
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.body.length).toBe(0);
  });

  it('streams a large body with backpressure and curl decodes it', async () => {
    const { body, headers } = await curlCompressed(`${url}/stream`);
    expect(headers.get('content-encoding')).toBe('gzip');
    expect(body.length).toBe(STREAM_CHUNK.length * STREAM_CHUNKS);
    expect(body.equals(Buffer.from(STREAM_CHUNK.repeat(STREAM_CHUNKS)))).toBe(true);
    expect(harness.seen.backpressure).toBe(true);
  });

  it('curl --compressed decodes a body to the original bytes', async () => {
    const { body, headers } = await curlCompressed(`${url}/text`);
    expect(headers.get('content-encoding')).toBe('gzip');
    expect(body.toString()).toBe(TEXT);
  });

  it('curl --compressed decodes a deflate body to the original bytes', async () => {
    const { body, headers } = await curlCompressed(`${url}/text`, ['--header', 'accept-encoding: deflate']);
    expect(headers.get('content-encoding')).toBe('deflate');
    expect(body.toString()).toBe(TEXT);
  });

  it('delivers server-sent events one by one through compression', async () => {
    harness.gate.reset();
    const events = await readEvents(`${url}/sse`, harness.gate);
    expect(events.map((event) => event.split('\n')[0])).toEqual(
      Array.from({ length: SSE_EVENTS }, (_, index) => `id: ${index}`),
    );
  });

  it('delivers server-sent events one by one to curl --compressed', async () => {
    harness.gate.reset();
    // As with fetch: the server writes event n only once curl has printed event n - 1.
    const { headers, events } = await curlEvents(`${url}/sse`, SSE_EVENTS, () => harness.gate.received());
    expect(headers.get('content-encoding')).toBe('gzip');
    expect(events.map((event) => event.split('\n')[0])).toEqual(
      Array.from({ length: SSE_EVENTS }, (_, index) => `id: ${index}`),
    );
  });
});

describe.each(factories)('%s flush', (_name, factory) => {
  it('res.flush() pushes what was written before the response ends', async () => {
    const harness = await factory();
    try {
      const response = await fetch(`${harness.listening.url}/flush`, {
        headers: { 'accept-encoding': 'gzip' },
      });
      expect(response.headers.get('content-encoding')).toBe('gzip');
      const reader = textReader(response.body!);
      let text = '';
      while (!text.includes('\n')) text += (await reader.read()).value ?? '';
      expect(text).toBe('first part\n');
      // Only now does the server end the response: the first part came out on its own.
      harness.gate.received();
      for (let part = await reader.read(); !part.done; part = await reader.read()) text += part.value;
      expect(text).toBe('first part\nsecond part\n');
    } finally {
      await harness.listening.close();
    }
  });
});

describe.each(factories)('%s options', (_name, factory) => {
  it("takes the compression package's filter(req, res), composed with compression.filter", async () => {
    const calls: string[] = [];
    const harness = await factory({
      filter: (req, res) => {
        calls.push(String(req.url));
        if (res.getHeader('x-no-compression')) return false;
        return compression.filter(req, res);
      },
    });
    try {
      const refused = await raw(`${harness.listening.url}/no-compress`, { 'accept-encoding': 'gzip' });
      expect(refused.headers['content-encoding']).toBeUndefined();
      expect(refused.body.toString()).toBe(TEXT);
      const image = await raw(`${harness.listening.url}/image`, { 'accept-encoding': 'gzip' });
      expect(image.headers['content-encoding']).toBeUndefined();
      const text = await raw(`${harness.listening.url}/text`, { 'accept-encoding': 'gzip' });
      expect(text.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(text.body).toString()).toBe(TEXT);
      expect(calls).toEqual(['/no-compress', '/image', '/text']);
    } finally {
      await harness.listening.close();
    }
  });

  it('still takes the earlier filter(contentType)', async () => {
    const harness = await factory({ filter: (type: string) => type.startsWith('image/') });
    try {
      const image = await raw(`${harness.listening.url}/image`, { 'accept-encoding': 'gzip' });
      expect(image.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(image.body).toString()).toBe(TEXT);
      const text = await raw(`${harness.listening.url}/text`, { 'accept-encoding': 'gzip' });
      expect(text.headers['content-encoding']).toBeUndefined();
    } finally {
      await harness.listening.close();
    }
  });

  it('names the engine in the opt-in header and tells onCompressed once per response', async () => {
    const seen: Array<{ coding: string; engine: string; url: string; bytesIn: number; bytesOut: number }> =
      [];
    const harness = await factory({
      engine: 'software',
      engineHeader: true,
      onCompressed: ({ coding, engine, req, bytesIn, bytesOut }) =>
        seen.push({ coding, engine, url: String(req.url), bytesIn, bytesOut }),
    });
    try {
      const gzip = await raw(`${harness.listening.url}/text`, { 'accept-encoding': 'gzip' });
      expect(gzip.headers['x-compression-engine']).toBe('software');
      const br = await raw(`${harness.listening.url}/write-head`, { 'accept-encoding': 'br' });
      expect(br.headers['x-compression-engine']).toBe('software');
      const plain = await raw(`${harness.listening.url}/text`);
      expect(plain.headers['x-compression-engine']).toBeUndefined();
      expect(seen.map(({ coding, engine, url: path }) => [coding, engine, path])).toEqual([
        ['gzip', 'software', '/text'],
        ['br', 'software', '/write-head'],
      ]);
      expect(seen[0]!.bytesIn).toBe(TEXT.length);
      expect(seen[0]!.bytesOut).toBe(gzip.body.length);
      expect(seen[1]!.bytesOut).toBe(br.body.length);
    } finally {
      await harness.listening.close();
    }
  });
});
