// SPDX-License-Identifier: Apache-2.0
// The Fastify 5 plugin: an onSend hook that swaps the payload for a compressing stream.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { appendVary, decideCompression, weakenEtag } from './decide';
import { createCompressor } from './internal/create-compressor';
import type { Coding } from './negotiate';
import { type CompressionOptions, type ResolvedOptions, resolveOptions } from './options';
import { reportCompressed, setEngineHeader } from './report';
import type { Compressor } from './zlib-implementation';

// The parts of Fastify the plugin uses, written structurally: the published declarations then
// compile for users who do not have fastify installed (it is an optional peer dependency).

/** What the plugin reads of a Fastify request. */
export interface FastifyRequest {
  method: string;
  headers: IncomingHttpHeaders;
  raw: IncomingMessage;
}

/** What the plugin reads and sets on a Fastify reply. */
export interface FastifyReply {
  statusCode: number;
  raw: ServerResponse;
  header(name: string, value: unknown): unknown;
  getHeader(name: string): unknown;
  removeHeader(name: string): unknown;
}

/** What the plugin needs of a Fastify instance: its onSend hook. */
export interface FastifyInstance {
  // biome-ignore lint/suspicious/noExplicitAny: Fastify's own hook types are generic over its request and reply.
  addHook(name: 'onSend', hook: (request: any, reply: any, payload: any) => Promise<unknown>): unknown;
}

function headerText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return Array.isArray(value) ? value.join(', ') : String(value);
}

function isNodeReadable(payload: unknown): payload is Readable {
  return typeof (payload as Readable | null)?.pipe === 'function';
}

function knownLength(payload: unknown): number | undefined {
  if (typeof payload === 'string') return Buffer.byteLength(payload);
  if (payload instanceof Uint8Array) return payload.byteLength;
  return undefined;
}

/**
 * Feeds a source stream into the compressor with backpressure, flushing after each chunk when
 * `flushEach` (server-sent events); errors on either side destroy the other.
 */
function pumpInto(source: Readable, compressor: Compressor, flushEach: boolean): void {
  source.on('data', (chunk: Buffer | string) => {
    if (!compressor.write(chunk)) source.pause();
    if (flushEach) compressor.flush();
  });
  compressor.on('drain', () => source.resume());
  source.once('end', () => compressor.end());
  source.once('error', (error) => compressor.destroy(error));
  compressor.once('close', () => {
    if (!source.readableEnded) source.destroy();
  });
}

function compressPayload(
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
  coding: Coding,
  options: ResolvedOptions,
) {
  reply.header('content-encoding', coding);
  reply.removeHeader('content-length');
  const etag = headerText(reply.getHeader('etag'));
  if (etag !== undefined) reply.header('etag', weakenEtag(etag));
  const compressor = createCompressor(coding, options);
  // Fastify sends the headers when the payload stream first gives data: the engine is known then.
  setEngineHeader(options, (name, value) => reply.header(name, value), compressor);
  let bytesOut = 0;
  compressor.on('data', (chunk: Buffer) => {
    if (bytesOut === 0 && !reply.raw.headersSent) {
      setEngineHeader(options, (name, value) => reply.header(name, value), compressor);
    }
    bytesOut += chunk.length;
  });
  compressor.once('end', () =>
    reportCompressed(options, request.raw, reply.raw, coding, compressor, bytesOut),
  );
  if (isNodeReadable(payload)) {
    const eventStream = /^text\/event-stream/i.test(headerText(reply.getHeader('content-type')) ?? '');
    pumpInto(payload, compressor, eventStream && options.flushEventStreams);
  } else {
    compressor.end(payload as string | Buffer);
  }
  return compressor;
}

function onSend(options: ResolvedOptions) {
  return async (request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> => {
    if (payload === null || payload === undefined) return payload;
    if (!isNodeReadable(payload) && typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    const declared = reply.getHeader('content-length');
    const decision = decideCompression(
      {
        method: request.method,
        statusCode: reply.statusCode,
        acceptEncoding: request.headers['accept-encoding'],
        contentType: headerText(reply.getHeader('content-type')),
        contentEncoding: headerText(reply.getHeader('content-encoding')),
        cacheControl: headerText(reply.getHeader('cache-control')),
        length: declared === undefined ? knownLength(payload) : Number(declared),
      },
      options,
      // Fastify's request and reply have `headers` and `getHeader()`, what a compression-style filter reads.
      { req: request as unknown as IncomingMessage, res: reply as unknown as ServerResponse },
    );
    if (decision.vary)
      reply.header('vary', appendVary(headerText(reply.getHeader('vary')), 'Accept-Encoding'));
    if (!decision.compress) return payload;
    return compressPayload(request, reply, payload, decision.compress, options);
  };
}

/**
 * Fastify plugin compressing every route's responses (registered without encapsulation, so it
 * applies to the whole instance, like `fastify-plugin` would arrange).
 */
export function fastifyCompression(
  fastify: FastifyInstance,
  options: CompressionOptions,
  done: (error?: Error) => void,
): void {
  fastify.addHook('onSend', onSend(resolveOptions(options)));
  done();
}

// Fastify's own marker for "do not encapsulate this plugin" (what fastify-plugin sets).
Object.assign(fastifyCompression, { [Symbol.for('skip-override')]: true });
