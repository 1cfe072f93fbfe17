// SPDX-License-Identifier: Apache-2.0
// Options shared by the node:http/Express middleware and the Fastify plugin, with their defaults.
import type { Coding } from './negotiate';
import type { CompressionImplementation } from './zlib-implementation';

/** The @uacce/stream engine that compresses. */
export type Engine = 'auto' | 'hardware' | 'software';

/** Options of `compression()` and `fastifyCompression`. */
export interface CompressionOptions {
  /** Responses whose length is known and below this many bytes are sent as is. Default 1024. */
  threshold?: number;
  /** Decides from the Content-Type whether a response is worth compressing. Default: text-like types. */
  filter?: (contentType: string) => boolean;
  /** Codings offered, in order of preference. Default `['gzip', 'deflate']`. */
  encodings?: readonly Coding[];
  /** Compression level, 0 to 9 (or -1, the default of the implementation). Default 6. */
  level?: number;
  /** Which engine of @uacce/stream compresses. Default 'auto'. */
  engine?: Engine;
  /** Flush after every write of a `text/event-stream` response, so each event reaches the client at once. Default true. */
  flushEventStreams?: boolean;
  /** A node:zlib-shaped module to compress with. Default @uacce/stream. */
  implementation?: CompressionImplementation;
}

/** Options with every default filled in. */
export interface ResolvedOptions {
  threshold: number;
  filter: (contentType: string) => boolean;
  encodings: readonly Coding[];
  level: number;
  engine: Engine;
  flushEventStreams: boolean;
  implementation: CompressionImplementation | undefined;
}

// Text, JSON, XML, JavaScript, SVG, event streams and WebAssembly compress well; images, video,
// archives and fonts (woff/woff2) are already compressed.
const COMPRESSIBLE =
  /^(?:text\/[^;]+|application\/(?:[^;]+\+)?(?:json|xml|javascript|ecmascript|x-ndjson|wasm|graphql|x-www-form-urlencoded)|image\/(?:svg\+xml|x-icon|bmp)|font\/(?:ttf|otf))\s*(?:;.*)?$/i;

/** The default filter: true for text-like media types. */
export function isCompressibleType(contentType: string): boolean {
  return COMPRESSIBLE.test(contentType.trim());
}

/** Fills in defaults; the caller's values are taken as given (the compressor validates level). */
export function resolveOptions(options: CompressionOptions = {}): ResolvedOptions {
  return {
    threshold: options.threshold ?? 1024,
    filter: options.filter ?? isCompressibleType,
    encodings: options.encodings ?? ['gzip', 'deflate'],
    level: options.level ?? 6,
    engine: options.engine ?? 'auto',
    flushEventStreams: options.flushEventStreams ?? true,
    implementation: options.implementation,
  };
}
