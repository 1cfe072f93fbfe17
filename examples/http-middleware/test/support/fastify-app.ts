// SPDX-License-Identifier: Apache-2.0
// The test routes as a Fastify app (payloads returned, not written).
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { fastifyCompression } from '../../src/fastify';
import type { CompressionOptions } from '../../src/options';
import { type EventGate, SMALL, SSE_EVENTS, STREAM_CHUNK, STREAM_CHUNKS, TEXT } from './routes';

async function* events(gate: EventGate): AsyncGenerator<string> {
  for (let index = 0; index < SSE_EVENTS; index += 1) {
    await gate.wait(index);
    yield `id: ${index}\ndata: ${JSON.stringify({ index, padding: 'x'.repeat(100) })}\n\n`;
  }
}

function* chunks(): Generator<string> {
  for (let index = 0; index < STREAM_CHUNKS; index += 1) yield STREAM_CHUNK;
}

/** A Fastify instance with the compression plugin and every test route. */
/** A chunk source that records when the compressor pauses it (backpressure reaching the source). */
function chunkSource(seen: { backpressure: boolean }): Readable {
  const source = Readable.from(chunks());
  const pause = source.pause.bind(source);
  source.pause = () => {
    seen.backpressure = true;
    return pause();
  };
  return source;
}

export async function createFastifyApp(
  gate: EventGate,
  seen: { backpressure: boolean },
  options: CompressionOptions = {},
): Promise<FastifyInstance> {
  // Like the node:http and Express harnesses (closeAllConnections): close() ends every socket,
  // so a test's keep-alive or half-closed connection cannot hold the suite's teardown.
  const app = Fastify({ forceCloseConnections: true });
  await app.register(fastifyCompression, options);
  app.get('/text', (_request, reply) =>
    reply.type('text/plain; charset=utf-8').header('etag', '"v1"').send(TEXT),
  );
  app.get('/write-head', (_request, reply) => reply.header('etag', '"v2"').send({ text: TEXT }));
  app.get('/small', (_request, reply) => reply.type('text/plain').send(SMALL));
  app.get('/image', (_request, reply) => reply.type('image/png').send(Buffer.from(TEXT)));
  app.get('/no-transform', (_request, reply) =>
    reply.type('text/plain').header('cache-control', 'no-transform').send(TEXT),
  );
  app.get('/encoded', (_request, reply) =>
    reply.type('text/plain').header('content-encoding', 'gzip').send(gzipSync(TEXT)),
  );
  app.get('/204', (_request, reply) => reply.code(204).type('text/plain').send());
  app.get('/206', (_request, reply) =>
    reply
      .code(206)
      .type('text/plain')
      .header('content-range', `bytes 0-${Buffer.byteLength(TEXT) - 1}/${Buffer.byteLength(TEXT) * 2}`)
      .send(TEXT),
  );
  app.get('/no-compress', (_request, reply) =>
    reply.type('text/plain').header('x-no-compression', '1').send(TEXT),
  );
  app.get('/304', (_request, reply) => reply.code(304).type('text/plain').header('etag', '"v1"').send());
  app.get('/stream', (_request, reply) => reply.type('text/plain').send(chunkSource(seen)));
  app.get('/sse', (_request, reply) =>
    reply
      .type('text/event-stream')
      .header('cache-control', 'no-cache')
      .send(Readable.from(events(gate))),
  );
  app.get('/flush', (_request, reply) => {
    async function* parts(): AsyncGenerator<string> {
      yield 'first part\n';
      await gate.wait(1);
      yield 'second part\n';
    }
    return reply.type('text/event-stream').send(Readable.from(parts()));
  });
  return app;
}
