// SPDX-License-Identifier: Apache-2.0
// Which engine served a compressed response: the opt-in header, the onCompressed hook, and the
// process-wide count of compressed responses by coding and engine (exported to Prometheus).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Coding } from './negotiate';
import type { ResolvedOptions } from './options';
import type { Compressor } from './zlib-implementation';

const responses = new Map<string, number>();

/** Compressed responses finished in this process, keyed `coding engine` (for the Prometheus export). */
export function compressedResponses(): ReadonlyMap<string, number> {
  return responses;
}

/** The engine a compressor reports; node:zlib's own streams (and brotli) are software. */
export function engineOf(compressor: Compressor): string {
  return compressor.engine ?? 'software';
}

/** The engine header's value: `hardware`, `software`, or `software; reason=<why>`. */
export function engineHeaderValue(compressor: Compressor): string {
  const engine = engineOf(compressor);
  const reason = compressor.fallbackReason;
  return reason === undefined || engine === 'hardware' ? engine : `${engine}; reason=${reason}`;
}

/** Sets the engine header if asked for and the headers have not gone out yet. */
export function setEngineHeader(
  options: ResolvedOptions,
  setHeader: (name: string, value: string) => void,
  compressor: Compressor,
): void {
  if (options.engineHeader !== undefined) setHeader(options.engineHeader, engineHeaderValue(compressor));
}

/** Counts a finished compressed response and tells onCompressed; a throwing hook is reported, not fatal. */
export function reportCompressed(
  options: ResolvedOptions,
  req: IncomingMessage,
  res: ServerResponse,
  coding: Coding,
  compressor: Compressor,
  bytesOut: number,
): void {
  const engine = engineOf(compressor);
  const key = `${coding} ${engine}`;
  responses.set(key, (responses.get(key) ?? 0) + 1);
  if (!options.onCompressed) return;
  try {
    options.onCompressed({
      req,
      res,
      coding,
      engine,
      fallbackReason: compressor.fallbackReason,
      bytesIn: compressor.bytesWritten ?? 0,
      bytesOut,
    });
  } catch (error) {
    process.emitWarning(error as Error);
  }
}
