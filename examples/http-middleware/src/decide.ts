// SPDX-License-Identifier: Apache-2.0
// Whether one response gets compressed, decided once, right before its headers go out.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Coding, negotiateEncoding } from './negotiate';
import { isRequestFilter, type ResolvedOptions } from './options';

/** What the decision saw of the request and the response. */
export interface ResponseFacts {
  method: string | undefined;
  statusCode: number;
  acceptEncoding: string | string[] | undefined;
  contentType: string | undefined;
  contentEncoding: string | undefined;
  cacheControl: string | undefined;
  /** The body length when known (Content-Length, or the whole body given to `end`). */
  length: number | undefined;
}

/** Why a response is sent as is; `compress` carries the coding otherwise. */
export type Decision =
  | { compress: Coding; vary: true }
  | {
      compress: false;
      vary: boolean;
      reason: 'method' | 'status' | 'encoded' | 'type' | 'no-transform' | 'size' | 'accept';
    };

// No body (204, 205, 304), or a byte range of the representation (206): compressing a range
// would make its Content-Range wrong, so it is sent as is (as @fastify/compress does).
const NO_BODY_STATUS = new Set([204, 205, 206, 304]);

/** The request and response a `filter(req, res)` is called with (Fastify passes its request and reply). */
export interface FilterContext {
  req: IncomingMessage;
  res: ServerResponse;
}

function filtered(
  facts: ResponseFacts,
  options: ResolvedOptions,
  context: FilterContext | undefined,
): boolean {
  const { filter } = options;
  if (isRequestFilter(filter)) {
    return context !== undefined && Boolean(filter(context.req, context.res));
  }
  return facts.contentType !== undefined && Boolean(filter(facts.contentType));
}

/**
 * Decides for one response. `vary` says whether the response depends on Accept-Encoding (so
 * caches must key on it): true as soon as the type is compressible, whatever the client asked.
 */
export function decideCompression(
  facts: ResponseFacts,
  options: ResolvedOptions,
  context?: FilterContext,
): Decision {
  if (NO_BODY_STATUS.has(facts.statusCode) || facts.statusCode < 200) {
    return { compress: false, vary: false, reason: 'status' };
  }
  if (facts.contentEncoding !== undefined && facts.contentEncoding.trim().toLowerCase() !== 'identity') {
    return { compress: false, vary: false, reason: 'encoded' };
  }
  if (!filtered(facts, options, context)) {
    return { compress: false, vary: false, reason: 'type' };
  }
  if (facts.cacheControl !== undefined && /(?:^|,)\s*no-transform\s*(?:,|$)/i.test(facts.cacheControl)) {
    return { compress: false, vary: false, reason: 'no-transform' };
  }
  if (facts.length !== undefined && facts.length < options.threshold) {
    return { compress: false, vary: true, reason: 'size' };
  }
  if (facts.method === 'HEAD') return { compress: false, vary: true, reason: 'method' };
  const coding = negotiateEncoding(facts.acceptEncoding, options.encodings);
  if (coding === 'identity') return { compress: false, vary: true, reason: 'accept' };
  return { compress: coding, vary: true };
}

/** Turns a strong ETag into a weak one: the compressed bytes differ but the content is the same. */
export function weakenEtag(etag: string): string {
  return etag.startsWith('W/') ? etag : `W/${etag}`;
}

/** Adds `field` to a Vary value unless it (or `*`) is already there. */
export function appendVary(current: string | undefined, field: string): string {
  if (current === undefined || current.trim() === '') return field;
  const fields = current.split(',').map((name) => name.trim().toLowerCase());
  if (fields.includes('*') || fields.includes(field.toLowerCase())) return current;
  return `${current}, ${field}`;
}
