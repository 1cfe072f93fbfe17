// SPDX-License-Identifier: Apache-2.0
// One-shot functions of the browser entry, same names and calling conventions as node:zlib's;
// results are Uint8Arrays (no Buffer here). There is no hardware in a browser: 'hardware' and
// 'auto' are served by software with the reason 'no-device'.
import { UacceArgumentError } from '@uacce/abi';
import { type InputType, toBytes } from '../internal/bytes';
import { KINDS, type Kind } from '../internal/kinds';
import { validateZlibOptions } from '../internal/validate-options';
import { countCall, countRouted } from '../metrics';
import { engineOf, type ZlibOptions } from '../options';
import { compressBytes, decompressBytes } from './pako-engine';

/** The one-shot callback. */
export type CompressCallback = (error: Error | null, result: Uint8Array) => void;

function run(kind: Kind, input: InputType, options: ZlibOptions | undefined): Uint8Array {
  if (engineOf(options) !== 'software') countRouted('no-device');
  const bytes = toBytes(input);
  if (!bytes) {
    throw new UacceArgumentError(
      'ERR_INVALID_ARG_TYPE',
      'The "buffer" argument must be of type string or an instance of Buffer, TypedArray, DataView, or ArrayBuffer',
    );
  }
  const { direction } = KINDS[kind];
  validateZlibOptions(options as Record<string, unknown> | undefined, direction === 'decompress');
  const result =
    direction === 'compress' ? compressBytes(kind, bytes, options) : decompressBytes(kind, bytes, options);
  countCall('software', bytes.length, result.length);
  return result;
}

function syncFunction(kind: Kind): (buffer: InputType, options?: ZlibOptions) => Uint8Array {
  return (buffer, options) => run(kind, buffer, options);
}

type AsyncFunction = {
  (buffer: InputType, callback: CompressCallback): void;
  (buffer: InputType, options: ZlibOptions | undefined, callback: CompressCallback): void;
};

function asyncFunction(kind: Kind): AsyncFunction {
  return (buffer: InputType, options: unknown, callback?: unknown) => {
    if (typeof options === 'function') {
      callback = options;
      options = undefined;
    }
    if (typeof callback !== 'function') {
      throw new UacceArgumentError(
        'ERR_INVALID_ARG_TYPE',
        'The "callback" argument must be of type function',
      );
    }
    const done = callback as CompressCallback;
    // Asynchronous like node:zlib: the callback never runs before the call returns.
    queueMicrotask(() => {
      let result: Uint8Array;
      try {
        result = run(kind, buffer, options as ZlibOptions | undefined);
      } catch (error) {
        return done(error as Error, new Uint8Array(0));
      }
      done(null, result);
    });
  };
}

function promiseFunction(kind: Kind): (buffer: InputType, options?: ZlibOptions) => Promise<Uint8Array> {
  const fn = asyncFunction(kind);
  return (buffer, options) =>
    new Promise((resolve, reject) =>
      fn(buffer, options, (error, result) => (error ? reject(error) : resolve(result))),
    );
}

export const gzip = asyncFunction('gzip');
export const gunzip = asyncFunction('gunzip');
export const deflate = asyncFunction('deflate');
export const inflate = asyncFunction('inflate');
export const deflateRaw = asyncFunction('deflateRaw');
export const inflateRaw = asyncFunction('inflateRaw');
export const unzip = asyncFunction('unzip');

export const gzipSync = syncFunction('gzip');
export const gunzipSync = syncFunction('gunzip');
export const deflateSync = syncFunction('deflate');
export const inflateSync = syncFunction('inflate');
export const deflateRawSync = syncFunction('deflateRaw');
export const inflateRawSync = syncFunction('inflateRaw');
export const unzipSync = syncFunction('unzip');

/** Promise versions of the one-shot functions. */
export const promises = Object.freeze({
  gzip: promiseFunction('gzip'),
  gunzip: promiseFunction('gunzip'),
  deflate: promiseFunction('deflate'),
  inflate: promiseFunction('inflate'),
  deflateRaw: promiseFunction('deflateRaw'),
  inflateRaw: promiseFunction('inflateRaw'),
  unzip: promiseFunction('unzip'),
});
