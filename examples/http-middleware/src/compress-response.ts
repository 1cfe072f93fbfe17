// SPDX-License-Identifier: Apache-2.0
// Compression of one node:http response, by wrapping its writeHead/write/end (the response object
// is what node:http and Express hand to user code, so this is the only place to intercept).
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { appendVary, decideCompression, weakenEtag } from './decide';
import { createCompressor } from './internal/create-compressor';
import type { Coding } from './negotiate';
import type { ResolvedOptions } from './options';
import { reportCompressed, setEngineHeader } from './report';
import type { Compressor } from './zlib-implementation';

type Callback = (error?: Error | null) => void;
// The response's own methods, kept to call through; their overloads are forwarded untouched.
type Original = (this: ServerResponse, ...args: unknown[]) => unknown;

/** A response after `compressResponse`: `flush()` pushes what was compressed so far to the client. */
export interface CompressibleResponse extends ServerResponse {
  flush(): void;
}

function headerText(value: number | string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(', ') : String(value);
}

function byteLength(chunk: unknown, encoding?: BufferEncoding): number | undefined {
  if (chunk === undefined || chunk === null) return 0;
  if (typeof chunk === 'string') return Buffer.byteLength(chunk, encoding);
  if (chunk instanceof Uint8Array) return chunk.byteLength;
  return undefined;
}

/** Splits the optional (chunk, encoding, callback) arguments of write/end. */
function splitArguments(args: unknown[]): { chunk: unknown; encoding?: BufferEncoding; callback?: Callback } {
  const [chunk, second, third] = args;
  if (typeof chunk === 'function') return { chunk: undefined, callback: chunk as Callback };
  if (typeof second === 'function') return { chunk, callback: second as Callback };
  return { chunk, encoding: second as BufferEncoding | undefined, callback: third as Callback | undefined };
}

function toBuffer(chunk: unknown, encoding?: BufferEncoding): Buffer {
  if (typeof chunk === 'string') return Buffer.from(chunk, encoding);
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
}

/** Applies the headers object or raw array that writeHead may receive, so the decision sees them. */
function applyHeaders(res: ServerResponse, headers: unknown): void {
  if (Array.isArray(headers)) {
    for (let index = 0; index + 1 < headers.length; index += 2) {
      res.setHeader(String(headers[index]), headers[index + 1] as string);
    }
  } else if (headers && typeof headers === 'object') {
    for (const [name, value] of Object.entries(headers as OutgoingHttpHeaders)) {
      if (value !== undefined) res.setHeader(name, value);
    }
  }
}

class ResponseCompression {
  readonly #req: IncomingMessage;
  readonly #res: ServerResponse;
  readonly #options: ResolvedOptions;
  readonly #writeHead: Original;
  readonly #write: Original;
  readonly #end: Original;
  #decided = false;
  #ended = false;
  #compressor: Compressor | undefined;
  #eventStream = false;

  constructor(req: IncomingMessage, res: ServerResponse, options: ResolvedOptions) {
    this.#req = req;
    this.#res = res;
    this.#options = options;
    this.#writeHead = res.writeHead as Original;
    this.#write = res.write as Original;
    this.#end = res.end as Original;
  }

  install(): void {
    Object.assign(this.#res, {
      writeHead: (statusCode: number, ...rest: unknown[]) => this.writeHead(statusCode, rest),
      write: (...args: unknown[]) => this.write(args),
      end: (...args: unknown[]) => this.end(args),
      flush: () => this.flush(),
    });
  }

  private writeHead(statusCode: number, rest: unknown[]): ServerResponse {
    const reason = typeof rest[0] === 'string' ? rest[0] : undefined;
    applyHeaders(this.#res, reason === undefined ? rest[0] : rest[1]);
    this.#res.statusCode = statusCode;
    this.decide(undefined);
    this.#writeHead.call(this.#res, statusCode, ...(reason === undefined ? [] : [reason]));
    return this.#res;
  }

  private decide(length: number | undefined): void {
    if (this.#decided) return;
    this.#decided = true;
    const res = this.#res;
    const declared = res.getHeader('content-length');
    const decision = decideCompression(
      {
        method: this.#req.method,
        statusCode: res.statusCode,
        acceptEncoding: this.#req.headers['accept-encoding'],
        contentType: headerText(res.getHeader('content-type')),
        contentEncoding: headerText(res.getHeader('content-encoding')),
        cacheControl: headerText(res.getHeader('cache-control')),
        length: declared === undefined ? length : Number(declared),
      },
      this.#options,
      { req: this.#req, res },
    );
    if (decision.vary)
      res.setHeader('Vary', appendVary(headerText(res.getHeader('vary')), 'Accept-Encoding'));
    if (decision.compress) this.startCompression(decision.compress);
  }

  private startCompression(coding: Coding): void {
    const res = this.#res;
    res.setHeader('Content-Encoding', coding);
    res.removeHeader('Content-Length');
    const etag = headerText(res.getHeader('etag'));
    if (etag !== undefined) res.setHeader('ETag', weakenEtag(etag));
    this.#eventStream = /^text\/event-stream/i.test(headerText(res.getHeader('content-type')) ?? '');
    const compressor = createCompressor(coding, this.#options);
    this.#compressor = compressor;
    const setHeader = (name: string, value: string): void => {
      if (!res.headersSent) res.setHeader(name, value);
    };
    // The engine as known now; set again with the first output, when the engine has been chosen,
    // unless an explicit writeHead() sent the headers already.
    setEngineHeader(this.#options, setHeader, compressor);
    let bytesOut = 0;
    // Backpressure both ways: the compressor pauses while the socket is full, and the caller's
    // 'drain' on the response fires when the compressor can take more.
    compressor.on('data', (chunk: Buffer) => {
      if (bytesOut === 0) setEngineHeader(this.#options, setHeader, compressor);
      bytesOut += chunk.length;
      if (!this.#write.call(res, chunk)) compressor.pause();
    });
    res.on('drain', () => compressor.resume());
    compressor.on('drain', () => res.emit('drain'));
    compressor.on('end', () => {
      if (bytesOut === 0) setEngineHeader(this.#options, setHeader, compressor);
      reportCompressed(this.#options, this.#req, res, coding, compressor, bytesOut);
      this.#end.call(res);
    });
    compressor.on('error', (error) => res.destroy(error));
    // A client that goes away mid-body: the compressor (and any hardware queue it holds) goes too.
    res.once('close', () => {
      if (!compressor.readableEnded) compressor.destroy();
    });
  }

  private write(args: unknown[]): boolean {
    // After end(), a compressed response is still draining through the compressor: a stray write
    // must not reach the socket as raw bytes in the middle of the gzip stream. The ended
    // compressor refuses it (ERR_STREAM_WRITE_AFTER_END to the callback) and the response is
    // destroyed: a loud failure, as node:http's own 'error' for this bug, never a corrupt body.
    if (this.#ended && !this.#compressor) return this.#write.apply(this.#res, args) as boolean;
    if (!this.#res.headersSent) this.decide(undefined);
    const compressor = this.#compressor;
    if (!compressor) return this.#write.apply(this.#res, args) as boolean;
    const { chunk, encoding, callback } = splitArguments(args);
    const accepted = compressor.write(toBuffer(chunk, encoding), callback);
    if (this.#eventStream && this.#options.flushEventStreams) compressor.flush();
    return accepted;
  }

  private end(args: unknown[]): ServerResponse {
    const { chunk, encoding, callback } = splitArguments(args);
    if (this.#ended) return this.#end.apply(this.#res, args) as ServerResponse;
    this.#ended = true;
    // Deciding here, before node:http writes the head, lets it still set Content-Length itself.
    if (!this.#res.headersSent) this.decide(byteLength(chunk, encoding));
    const compressor = this.#compressor;
    if (!compressor) return this.#end.apply(this.#res, args) as ServerResponse;
    if (callback) this.#res.once('finish', () => callback());
    if (chunk === undefined || chunk === null) compressor.end();
    else compressor.end(toBuffer(chunk, encoding));
    return this.#res;
  }

  private flush(): void {
    if (this.#compressor && !this.#ended) this.#compressor.flush();
  }
}

/**
 * Compresses `res` when the request accepts it and the response qualifies (see the README for the
 * rules); call before anything is written. Adds `res.flush()`.
 */
export function compressResponse(
  req: IncomingMessage,
  res: ServerResponse,
  options: ResolvedOptions,
): CompressibleResponse {
  new ResponseCompression(req, res, options).install();
  return res as CompressibleResponse;
}
