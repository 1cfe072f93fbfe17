// SPDX-License-Identifier: Apache-2.0
// Options of the HTTP shipper (and of its pino transport), with their defaults.
import { UacceArgumentError } from '@uacce/abi';
import type { Engine } from './internal/zlib';

/** Options of HttpShipper and of the pino transport. */
export interface ShipperOptions {
  /** The collector's URL; every batch is POSTed there. */
  url: string;
  /** Directory of the disk spool (created if missing). */
  spoolDir: string;
  /** Seal a batch at this many uncompressed bytes. Default 1 MiB. */
  maxBatchBytes?: number;
  /** Seal a batch at this many lines. Default 10 000. */
  maxBatchLines?: number;
  /** Seal a batch this long after its first line. Default 1000 ms. */
  maxBatchAgeMs?: number;
  /** gzip level. Default 6. */
  level?: number;
  /** @uacce/stream engine. Default 'auto'. */
  engine?: Engine;
  /** Further @uacce/stream options (for example the emulator's socket). */
  streamOptions?: Record<string, unknown>;
  /** Retries of one delivery before the batch goes to the spool. Default 3. */
  retries?: number;
  /** Backoff base and cap in ms. Defaults 100 and 5000. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** How often the spool is retried while the endpoint is down. Default 1000 ms. */
  spoolRetryMs?: number;
  /** Per-request timeout. Default 10 000 ms. */
  requestTimeoutMs?: number;
  /** How long close() keeps trying to deliver before leaving the rest in the spool. Default 5000 ms. */
  closeTimeoutMs?: number;
  /** Extra request headers (authorization, ...). */
  headers?: Record<string, string>;
  /**
   * Sealed batches kept in memory waiting for delivery; past this, the queue goes to the spool
   * (so a slow endpoint bounds memory, not the disk). Default 16.
   */
  maxQueuedBatches?: number;
}

/** Options with every default filled in. */
export type ResolvedShipperOptions = Required<ShipperOptions>;

/** `value` when it is a positive finite number; UacceArgumentError (ERR_OUT_OF_RANGE) otherwise. */
export function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new UacceArgumentError('ERR_OUT_OF_RANGE', `${name} must be a positive number, got ${value}`);
  }
  return value;
}

/** Fills in defaults and checks the numbers (ERR_INVALID_ARG_TYPE, ERR_OUT_OF_RANGE). */
export function resolveShipperOptions(options: ShipperOptions): ResolvedShipperOptions {
  if (typeof options?.url !== 'string' || typeof options.spoolDir !== 'string') {
    throw new UacceArgumentError('ERR_INVALID_ARG_TYPE', 'url and spoolDir must be strings');
  }
  return {
    url: options.url,
    spoolDir: options.spoolDir,
    maxBatchBytes: positive('maxBatchBytes', options.maxBatchBytes ?? 1024 * 1024),
    maxBatchLines: positive('maxBatchLines', options.maxBatchLines ?? 10_000),
    maxBatchAgeMs: positive('maxBatchAgeMs', options.maxBatchAgeMs ?? 1000),
    level: options.level ?? 6,
    engine: options.engine ?? 'auto',
    streamOptions: options.streamOptions ?? {},
    retries: options.retries ?? 3,
    retryBaseMs: positive('retryBaseMs', options.retryBaseMs ?? 100),
    retryMaxMs: positive('retryMaxMs', options.retryMaxMs ?? 5000),
    spoolRetryMs: positive('spoolRetryMs', options.spoolRetryMs ?? 1000),
    requestTimeoutMs: positive('requestTimeoutMs', options.requestTimeoutMs ?? 10_000),
    closeTimeoutMs: positive('closeTimeoutMs', options.closeTimeoutMs ?? 5000),
    headers: options.headers ?? {},
    maxQueuedBatches: positive('maxQueuedBatches', options.maxQueuedBatches ?? 16),
  };
}
