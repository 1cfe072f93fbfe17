// SPDX-License-Identifier: Apache-2.0
// Options shared by every entry point (Node and browser): node:zlib's options plus the engine
// choice. Platform-neutral: no node: imports here.
import { UacceArgumentError } from '@uacce/abi';

/** Which engine serves a stream or a call: `'auto'` (default) picks hardware when it pays off. */
export type Engine = 'auto' | 'hardware' | 'software';

/** The engine that actually served a stream or a call. */
export type ServedEngine = 'hardware' | 'software';

/** The three formats of the ZIP engine and of the WHATWG Compression Streams. */
export type Format = 'deflate-raw' | 'zlib' | 'gzip';

/** Options every factory and one-shot call accepts on top of node:zlib's. */
export interface EngineOptions {
  /** `'auto'` (default), `'hardware'` (hardware or fail over to software) or `'software'`. */
  engine?: Engine;
  /**
   * Inputs smaller than this many bytes go to software under `'auto'` (the hardware round trip
   * does not pay off). Streams buffer up to this many bytes before deciding.
   */
  hardwareThreshold?: number;
  /** Milliseconds a hardware request may take before the stream continues in software. */
  hardwareTimeout?: number;
  /**
   * Decompression on hardware keeps the compressed input since the start of the stream, up to this
   * many bytes, so a failure can be replayed in software; past it a failure is reported instead.
   */
  fallbackRetainLimit?: number;
}

/** node:zlib's options (ZlibOptions), plus the engine options. */
export interface ZlibOptions extends EngineOptions {
  flush?: number;
  finishFlush?: number;
  chunkSize?: number;
  windowBits?: number;
  level?: number;
  memLevel?: number;
  strategy?: number;
  dictionary?: ArrayBufferView | ArrayBuffer;
  info?: boolean;
  maxOutputLength?: number;
}

/**
 * Default of `hardwareThreshold`. From docs/design.md's figures (no device on the build machines to
 * measure): software gzip runs at roughly 100 MB/s (10 ns/byte), one request in flight on the
 * device at 0.56 GB/s (1.8 ns/byte), and an async completion through the event loop costs tens of
 * microseconds (an async zlib.gzip of 1 KiB: 60 to 130 us against 24 us for gzipSync). The device
 * wins once 8 ns/byte times the size exceeds that fixed cost, around 8 to 16 KiB; 16 KiB is the
 * conservative end. Configurable per call and per stream.
 */
export const DEFAULT_HARDWARE_THRESHOLD = 16 * 1024;
/** Default of `hardwareTimeout` in milliseconds. */
export const DEFAULT_HARDWARE_TIMEOUT = 5000;
/** Input per hardware request once a stream is on hardware (the device pays off with large blocks). */
export const HARDWARE_REQUEST_SIZE = 64 * 1024;
/** Default of `fallbackRetainLimit`: 8 MiB of compressed input per decompression stream. */
export const DEFAULT_FALLBACK_RETAIN_LIMIT = 8 * 1024 * 1024;
/**
 * Output chunk size of our decompression streams when the caller sets none. node:zlib's 16 KiB
 * costs one thread-pool round trip per 16 KiB of output (docs/design.md "Yardsticks"); 64 KiB keeps
 * most of the gain of larger chunks while a single small message holds little memory.
 */
export const DEFAULT_DECOMPRESS_CHUNK_SIZE = 64 * 1024;

const ENGINES: ReadonlySet<unknown> = new Set(['auto', 'hardware', 'software']);

/** The engine asked for in `options` ('auto' when absent); throws ERR_INVALID_ARG_VALUE otherwise. */
export function engineOf(options: { engine?: unknown } | undefined | null): Engine {
  const engine = options?.engine;
  if (engine === undefined) return 'auto';
  if (!ENGINES.has(engine)) {
    throw new UacceArgumentError(
      'ERR_INVALID_ARG_VALUE',
      `The property 'options.engine' must be one of 'auto', 'hardware', 'software'. Received ${String(engine)}`,
    );
  }
  return engine as Engine;
}

/** A non-negative integer option, or its default; throws ERR_OUT_OF_RANGE / ERR_INVALID_ARG_TYPE. */
export function sizeOption(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number') {
    throw new UacceArgumentError(
      'ERR_INVALID_ARG_TYPE',
      `The "options.${name}" property must be of type number`,
    );
  }
  if (!Number.isInteger(value) || value < 0) {
    throw new UacceArgumentError(
      'ERR_OUT_OF_RANGE',
      `The value of "options.${name}" is out of range: ${value}`,
    );
  }
  return value;
}
