// SPDX-License-Identifier: Apache-2.0
// A hijacked Fastify reply (raw response written by the route) compressed with compressResponse.
import { gunzipSync } from 'node:zlib';
import Fastify from 'fastify';
import { request } from 'undici';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { compressResponse } from '../src/compress-response';
import { resolveOptions } from '../src/options';
import { TEXT } from './support/routes';

const app = Fastify();
let url: string;

beforeAll(async () => {
  app.get('/raw', (req, reply) => {
    reply.hijack();
    const res = compressResponse(req.raw, reply.raw, resolveOptions());
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(TEXT);
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
});
afterAll(() => app.close());

it('compresses a hijacked reply', async () => {
  const response = await request(`${url}/raw`, { headers: { 'accept-encoding': 'gzip' } });
  expect(response.headers['content-encoding']).toBe('gzip');
  expect(gunzipSync(Buffer.from(await response.body.arrayBuffer())).toString()).toBe(TEXT);
});
