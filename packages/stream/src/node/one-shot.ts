// SPDX-License-Identifier: Apache-2.0
// One-shot gzip/gunzip/... (callback), their *Sync twins and the promise versions. The software
// path is node:zlib's own function with a thin callback wrapper; the hardware path is one block
// request to the engine, replayed in software on any failure (which also gives node:zlib's own
// error codes for bad input).

import zlib from 'node:zlib';
import { UacceArgumentError, ZlibDataError } from '@uacce/abi';
import {
  deviceName,
  engineLost,
  hardwarePossible,
  readyEngine,
  unavailableReason,
  whenEngine,
} from '../hardware/engine-state';
import { type FallbackReason, isDeviceLoss, reasonOf } from '../hardware/fallback-reason';
import { track } from '../hardware/load';
import { route } from '../hardware/route';
import { withTimeout } from '../hardware/timeout';
import type { ZipEngine } from '../hardware/zip-types';
import { detectFormat, type InputType, toBytes } from '../internal/bytes';
import { KINDS, type Kind } from '../internal/kinds';
import { toZlibError } from '../internal/zlib-error';
import { countCall, countRequest } from '../metrics';
import {
  DEFAULT_HARDWARE_TIMEOUT,
  type Engine,
  engineOf,
  type Format,
  sizeOption,
  type ZlibOptions,
} from '../options';
import { reportFallback, reportSelection } from './report';
import { nodeOptions } from './software';

/** node:zlib's one-shot callback. */
export type CompressCallback = (error: Error | null, result: Buffer) => void;

type NodeAsync = (
  buffer: InputType,
  options: zlib.ZlibOptions | undefined,
  callback: CompressCallback,
) => void;
type NodeSync = (buffer: InputType, options?: zlib.ZlibOptions) => Buffer;

// node:zlib's own InputType is narrower in @types/node than what the functions accept at run time.
const NODE_ASYNC = {
  gzip: zlib.gzip,
  gunzip: zlib.gunzip,
  deflate: zlib.deflate,
  inflate: zlib.inflate,
  deflateRaw: zlib.deflateRaw,
  inflateRaw: zlib.inflateRaw,
  unzip: zlib.unzip,
} as unknown as Readonly<Record<Kind, NodeAsync>>;

const NODE_SYNC = {
  gzip: zlib.gzipSync,
  gunzip: zlib.gunzipSync,
  deflate: zlib.deflateSync,
  inflate: zlib.inflateSync,
  deflateRaw: zlib.deflateRawSync,
  inflateRaw: zlib.inflateRawSync,
  unzip: zlib.unzipSync,
} as unknown as Readonly<Record<Kind, NodeSync>>;

function byteLength(input: InputType): number {
  return typeof input === 'string'
    ? Buffer.byteLength(input)
    : (input as ArrayBufferView | ArrayBuffer).byteLength;
}

/** Output length of a node:zlib result (with `info: true` it is `{ buffer, engine }`). */
function outputLength(result: Buffer | { buffer: Buffer }): number {
  return Buffer.isBuffer(result) ? result.length : result.buffer.length;
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function softwareAsync(
  kind: Kind,
  input: InputType,
  options: ZlibOptions | undefined,
  callback: CompressCallback,
): void {
  const { direction } = KINDS[kind];
  NODE_ASYNC[kind](input, nodeOptions(direction, options), (error, result) => {
    if (error) return callback(toZlibError(error), result);
    countCall('software', byteLength(input), outputLength(result));
    callback(null, result);
  });
}

function formatOf(kind: Kind, bytes: Uint8Array): Format {
  return KINDS[kind].detect ? detectFormat(bytes) : KINDS[kind].format;
}

function runEngine(
  engine: ZipEngine,
  kind: Kind,
  format: Format,
  bytes: Uint8Array,
  options: ZlibOptions | undefined,
) {
  countRequest();
  return KINDS[kind].direction === 'compress'
    ? engine.compress(format, bytes, { level: options?.level, windowBits: options?.windowBits })
    : engine.decompress(format, bytes, { maxOutputLength: options?.maxOutputLength });
}

/** Guards maxOutputLength whatever the engine did; software then reports node:zlib's own error. */
function checkOutputLength(result: Uint8Array, options: ZlibOptions | undefined): void {
  const max = options?.maxOutputLength;
  if (max !== undefined && result.length > max) {
    throw new ZlibDataError('ERR_BUFFER_TOO_LARGE', `Cannot create a Buffer larger than ${max} bytes`);
  }
}

function noteFailure(
  engine: ZipEngine,
  kind: Kind,
  format: Format,
  operation: 'call' | 'sync',
  error: unknown,
): void {
  const reason = reasonOf(error);
  reportFallback({ operation, format, direction: KINDS[kind].direction, reason, error, bytesCompleted: 0 });
  if (isDeviceLoss(error)) engineLost(engine, error);
}

function select(
  kind: Kind,
  operation: 'call' | 'sync',
  requested: Engine,
  engine: ZipEngine | undefined,
  bytes: Uint8Array | undefined,
  options: ZlibOptions | undefined,
  noDevice: FallbackReason,
): { engine: ZipEngine | undefined; format: Format } {
  const format = bytes ? formatOf(kind, bytes) : KINDS[kind].format;
  const { direction } = KINDS[kind];
  const decision = bytes
    ? route(requested, engine, format, direction, options, bytes.length, noDevice)
    : { reason: noDevice };
  const device = decision.engine ? deviceName(decision.engine) : undefined;
  reportSelection({
    operation,
    format,
    direction,
    engine: decision.engine ? 'hardware' : 'software',
    reason: decision.reason,
    device,
  });
  return { engine: decision.engine, format };
}

async function hardwareAsync(
  kind: Kind,
  input: InputType,
  options: ZlibOptions | undefined,
  requested: Engine,
  callback: CompressCallback,
): Promise<void> {
  const bytes = toBytes(input);
  const available = await whenEngine(requested === 'hardware');
  const { engine, format } = select(
    kind,
    'call',
    requested,
    available,
    bytes,
    options,
    unavailableReason() ?? 'no-device',
  );
  if (!engine || !bytes) return softwareAsync(kind, input, options, callback);
  let result: Uint8Array;
  try {
    const timeout = sizeOption('hardwareTimeout', options?.hardwareTimeout, DEFAULT_HARDWARE_TIMEOUT);
    result = await withTimeout(
      track(() => runEngine(engine, kind, format, bytes, options)),
      timeout,
    );
    checkOutputLength(result, options);
  } catch (error) {
    noteFailure(engine, kind, format, 'call', error);
    return softwareAsync(kind, input, options, callback);
  }
  countCall('hardware', bytes.length, result.length);
  callback(null, asBuffer(result));
}

function validateCallback(callback: unknown): asserts callback is CompressCallback {
  if (typeof callback !== 'function') {
    throw new UacceArgumentError('ERR_INVALID_ARG_TYPE', 'The "callback" argument must be of type function');
  }
}

function runAsync(kind: Kind, input: InputType, options: unknown, callback: unknown): void {
  if (typeof options === 'function') {
    callback = options;
    options = undefined;
  }
  validateCallback(callback);
  const opts = (options ?? undefined) as ZlibOptions | undefined;
  const requested = engineOf(opts);
  if (requested !== 'software' && hardwarePossible(requested === 'hardware')) {
    void hardwareAsync(kind, input, opts, requested, callback);
    return;
  }
  const { format, direction } = KINDS[kind];
  const reason = requested === 'software' ? undefined : unavailableReason();
  reportSelection({ operation: 'call', format, direction, engine: 'software', reason, device: undefined });
  softwareAsync(kind, input, opts, callback);
}

function softwareSync(kind: Kind, input: InputType, options: ZlibOptions | undefined): Buffer {
  let result: Buffer;
  try {
    result = NODE_SYNC[kind](input, options as zlib.ZlibOptions | undefined);
  } catch (error) {
    throw toZlibError(error);
  }
  countCall('software', byteLength(input), outputLength(result));
  return result;
}

function runSync(kind: Kind, input: InputType, options: ZlibOptions | undefined): Buffer {
  const requested = engineOf(options);
  if (requested === 'software' || !hardwarePossible(requested === 'hardware')) {
    const reason = requested === 'software' ? undefined : unavailableReason();
    const { format, direction } = KINDS[kind];
    reportSelection({ operation: 'sync', format, direction, engine: 'software', reason, device: undefined });
    return softwareSync(kind, input, options);
  }
  const bytes = toBytes(input);
  const { engine, format } = select(kind, 'sync', requested, readyEngine(), bytes, options, 'opening');
  if (!engine || !bytes) return softwareSync(kind, input, options);
  let result: Uint8Array;
  try {
    countRequest();
    result =
      KINDS[kind].direction === 'compress'
        ? engine.compressSync(format, bytes, { level: options?.level, windowBits: options?.windowBits })
        : engine.decompressSync(format, bytes, { maxOutputLength: options?.maxOutputLength });
    checkOutputLength(result, options);
  } catch (error) {
    noteFailure(engine, kind, format, 'sync', error);
    return softwareSync(kind, input, options);
  }
  countCall('hardware', bytes.length, result.length);
  return asBuffer(result);
}

type AsyncFunction = {
  (buffer: InputType, callback: CompressCallback): void;
  (buffer: InputType, options: ZlibOptions | undefined, callback: CompressCallback): void;
};

function asyncFunction(kind: Kind): AsyncFunction {
  return (buffer: InputType, options: unknown, callback?: unknown) =>
    runAsync(kind, buffer, options, callback);
}

function syncFunction(kind: Kind): (buffer: InputType, options?: ZlibOptions) => Buffer {
  return (buffer, options) => runSync(kind, buffer, options);
}

function promiseFunction(kind: Kind): (buffer: InputType, options?: ZlibOptions) => Promise<Buffer> {
  return (buffer, options) =>
    new Promise<Buffer>((resolve, reject) => {
      runAsync(kind, buffer, options, (error: Error | null, result: Buffer) =>
        error ? reject(error) : resolve(result),
      );
    });
}

/** Compresses `buffer` to gzip; the callback gets the result or a typed error. */
export const gzip = asyncFunction('gzip');
/** Decompresses a gzip `buffer` (concatenated members too, as node:zlib). */
export const gunzip = asyncFunction('gunzip');
/** Compresses `buffer` to zlib format. */
export const deflate = asyncFunction('deflate');
/** Decompresses a zlib-format `buffer`. */
export const inflate = asyncFunction('inflate');
/** Compresses `buffer` to raw deflate. */
export const deflateRaw = asyncFunction('deflateRaw');
/** Decompresses a raw deflate `buffer`. */
export const inflateRaw = asyncFunction('inflateRaw');
/** Decompresses a gzip or zlib `buffer`, told apart by its first bytes. */
export const unzip = asyncFunction('unzip');

/** Compresses to gzip synchronously; throws node:zlib's codes (ERR_INVALID_ARG_*) for bad arguments. */
export const gzipSync = syncFunction('gzip');
/** Decompresses gzip synchronously; throws ZlibDataError (Z_DATA_ERROR, Z_BUF_ERROR, ERR_BUFFER_TOO_LARGE). */
export const gunzipSync = syncFunction('gunzip');
/** Compresses to zlib format synchronously. */
export const deflateSync = syncFunction('deflate');
/** Decompresses zlib format synchronously; throws ZlibDataError with node:zlib's codes. */
export const inflateSync = syncFunction('inflate');
/** Compresses to raw deflate synchronously. */
export const deflateRawSync = syncFunction('deflateRaw');
/** Decompresses raw deflate synchronously; throws ZlibDataError with node:zlib's codes. */
export const inflateRawSync = syncFunction('inflateRaw');
/** Decompresses gzip or zlib synchronously; throws ZlibDataError with node:zlib's codes. */
export const unzipSync = syncFunction('unzip');

/** Promise versions of the one-shot functions (also what `util.promisify(gzip)` gives). */
export const promises = Object.freeze({
  gzip: promiseFunction('gzip'),
  gunzip: promiseFunction('gunzip'),
  deflate: promiseFunction('deflate'),
  inflate: promiseFunction('inflate'),
  deflateRaw: promiseFunction('deflateRaw'),
  inflateRaw: promiseFunction('inflateRaw'),
  unzip: promiseFunction('unzip'),
});
