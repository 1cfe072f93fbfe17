// SPDX-License-Identifier: Apache-2.0
// Options shared by the node:http/Express middleware and the Fastify plugin, with their defaults.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Coding } from './negotiate';
import type { CompressionImplementation } from './zlib-implementation';

/** The @uacce/stream engine that compresses. */
export type Engine = 'auto' | 'hardware' | 'software';

/** The `compression` package's filter: sees the request and the response (its headers are set). */
export type RequestFilter = (req: IncomingMessage, res: ServerResponse) => boolean;
/** This package's first filter, still accepted: sees the response's Content-Type only. */
export type ContentTypeFilter = (contentType: string) => boolean;

/** What `onCompressed` receives once a compressed response is finished. */
export interface CompressedResponse {
  req: IncomingMessage;
  res: ServerResponse;
  coding: Coding;
  /** 'hardware' or 'software': the engine that finished the body (brotli is always software). */
  engine: string;
  /** Why @uacce/stream used software (e.g. 'small-input', 'timeout'), when it says. */
  fallbackReason: string | undefined;
  /** Uncompressed and compressed body bytes. */
  bytesIn: number;
  bytesOut: number;
}

/** Options of `compression()` and `fastifyCompression`. */
export interface CompressionOptions {
  /** Responses whose length is known and below this many bytes are sent as is. Default 1024. */
  threshold?: number;
  /**
   * Whether a response is worth compressing. A function of two parameters is called as the
   * `compression` package calls its filter, `filter(req, res)` (compose with `compression.filter`);
   * one of one parameter gets the Content-Type (`filter(contentType)`, never called without one).
   * Default: text-like types (the test `compression.filter` makes).
   */
  filter?: RequestFilter | ContentTypeFilter;
  /** Codings offered, in order of preference (ties of the client's q-values go to the first). Default `['gzip', 'deflate', 'br']`. */
  encodings?: readonly Coding[];
  /** Compression level, 0 to 9 (or -1, the default of the implementation). Default 6. */
  level?: number;
  /** Which engine of @uacce/stream compresses. Default 'auto'. */
  engine?: Engine;
  /** Flush after every write of a `text/event-stream` response, so each event reaches the client at once. Default true. */
  flushEventStreams?: boolean;
  /** A node:zlib-shaped module to compress with. Default @uacce/stream. */
  implementation?: CompressionImplementation;
  /** Brotli quality, 0 to 11. Default 4 (as the `compression` package: 11 costs far more CPU). */
  brotliQuality?: number;
  /**
   * Names the engine in a response header: `true` for `X-Compression-Engine`, or the header name.
   * Values: `hardware`, `software`, or `software; reason=<fallback reason>`. Default false.
   */
  engineHeader?: boolean | string;
  /** Called once per compressed response when its body is finished, with the engine that served it. */
  onCompressed?: (info: CompressedResponse) => void;
}

/** Options with every default filled in. */
export interface ResolvedOptions {
  threshold: number;
  filter: RequestFilter | ContentTypeFilter;
  encodings: readonly Coding[];
  level: number;
  engine: Engine;
  flushEventStreams: boolean;
  implementation: CompressionImplementation | undefined;
  brotliQuality: number;
  /** The header's name, lower case, or undefined for none. */
  engineHeader: string | undefined;
  onCompressed: ((info: CompressedResponse) => void) | undefined;
}

// Text, JSON, XML, JavaScript, SVG, event streams and WebAssembly compress well; images, video,
// archives and fonts (woff/woff2) are already compressed.
const COMPRESSIBLE =
  /^(?:text\/[^;]+|application\/(?:[^;]+\+)?(?:json|xml|javascript|ecmascript|x-ndjson|wasm|graphql|x-www-form-urlencoded)|image\/(?:svg\+xml|x-icon|bmp)|font\/(?:ttf|otf))\s*(?:;.*)?$/i;

/** The default filter: true for text-like media types. */
export function isCompressibleType(contentType: string): boolean {
  return COMPRESSIBLE.test(contentType.trim());
}

function headerValue(value: number | string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(', ') : String(value);
}

/**
 * The default filter in the `compression` package's shape: true when the response's Content-Type
 * is text-like. Also exported as `compression.filter`, to call from a filter of your own.
 */
export function defaultFilter(_req: IncomingMessage, res: Pick<ServerResponse, 'getHeader'>): boolean {
  const type = headerValue(res.getHeader('content-type'));
  return type !== undefined && isCompressibleType(type);
}

/** True when `filter` takes (req, res), as the `compression` package's filters do. */
export function isRequestFilter(filter: RequestFilter | ContentTypeFilter): filter is RequestFilter {
  return filter.length >= 2;
}

/** Fills in defaults; the caller's values are taken as given (the compressor validates level). */
export function resolveOptions(options: CompressionOptions = {}): ResolvedOptions {
  return {
    threshold: options.threshold ?? 1024,
    filter: options.filter ?? isCompressibleType,
    encodings: options.encodings ?? ['gzip', 'deflate', 'br'],
    level: options.level ?? 6,
    engine: options.engine ?? 'auto',
    flushEventStreams: options.flushEventStreams ?? true,
    implementation: options.implementation,
    brotliQuality: options.brotliQuality ?? 4,
    engineHeader:
      options.engineHeader === true
        ? 'x-compression-engine'
        : typeof options.engineHeader === 'string'
          ? options.engineHeader.toLowerCase()
          : undefined,
    onCompressed: options.onCompressed,
  };
}
