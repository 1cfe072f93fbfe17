// SPDX-License-Identifier: Apache-2.0
// The connect-style middleware (node:http, Express 5, Connect) and a node:http handler wrapper.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { compressResponse } from './compress-response';
import { type CompressionOptions, defaultFilter, resolveOptions } from './options';

/** A connect-style middleware; `next` is optional so node:http handlers can call it directly. */
export type Middleware = (
  req: IncomingMessage,
  res: ServerResponse,
  next?: (error?: unknown) => void,
) => void;

/**
 * Express/Connect middleware compressing responses on @uacce/stream. `compression.filter` is the
 * default filter in the `compression` package's `(req, res)` shape, to compose with.
 */
export function compression(options?: CompressionOptions): Middleware {
  const resolved = resolveOptions(options);
  return (req, res, next) => {
    compressResponse(req, res, resolved);
    next?.();
  };
}

/** Wraps a node:http request handler so every response it writes goes through compression. */
export function withCompression(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  options?: CompressionOptions,
): (req: IncomingMessage, res: ServerResponse) => void {
  const resolved = resolveOptions(options);
  return (req, res) => {
    compressResponse(req, res, resolved);
    handler(req, res);
  };
}

compression.filter = defaultFilter;
