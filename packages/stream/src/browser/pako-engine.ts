// SPDX-License-Identifier: Apache-2.0
// The software engine where node:zlib does not exist (browsers, edge runtimes): pako, driven
// with node:zlib's semantics (windowBits per kind, gzip members, truncation as Z_BUF_ERROR,
// node:zlib's error codes). No node: imports in this file or anything it imports.
import { ZlibDataError, type ZlibDataErrorCode } from '@uacce/abi';
import * as pako from 'pako';
import type { Kind } from '../internal/kinds';
import type { ZlibOptions } from '../options';

// zlib's windowBits convention: negative = raw, +16 = gzip only, +32 = detect gzip or zlib.
const WINDOW_OFFSET: Readonly<Record<Kind, number>> = {
  gzip: 16,
  gunzip: 16,
  deflate: 0,
  inflate: 0,
  deflateRaw: -1,
  inflateRaw: -1,
  unzip: 32,
};

const ERROR_CODES: Readonly<Record<number, ZlibDataErrorCode>> = {
  2: 'Z_NEED_DICT',
  [-2]: 'Z_STREAM_ERROR',
  [-3]: 'Z_DATA_ERROR',
  [-4]: 'Z_MEM_ERROR',
  [-5]: 'Z_BUF_ERROR',
};

function windowBitsOf(kind: Kind, options: ZlibOptions | undefined): number {
  const bits = options?.windowBits || 15;
  const offset = WINDOW_OFFSET[kind];
  return offset < 0 ? -bits : bits + offset;
}

function dictionaryOf(options: ZlibOptions | undefined): Uint8Array | undefined {
  const dictionary = options?.dictionary;
  if (dictionary === undefined) return undefined;
  return ArrayBuffer.isView(dictionary)
    ? new Uint8Array(dictionary.buffer, dictionary.byteOffset, dictionary.byteLength)
    : new Uint8Array(dictionary);
}

/** A pako deflater set up like node:zlib's for `kind`. */
export function createDeflater(kind: Kind, options: ZlibOptions | undefined): pako.Deflate {
  const settings: pako.DeflateOptions = {
    level: options?.level ?? -1,
    windowBits: windowBitsOf(kind, options),
    memLevel: options?.memLevel ?? 8,
    strategy: (options?.strategy ?? 0) as pako.Z_Strategy,
    chunkSize: options?.chunkSize ?? 16 * 1024,
  };
  // pako reads `dictionary` when the key is present, even if undefined.
  const dictionary = dictionaryOf(options);
  if (dictionary) settings.dictionary = dictionary;
  return new pako.Deflate(settings);
}

/** A pako inflater set up like node:zlib's for `kind`. */
export function createInflater(kind: Kind, options: ZlibOptions | undefined): pako.Inflate {
  const settings: pako.InflateOptions = {
    windowBits: windowBitsOf(kind, options),
    chunkSize: options?.chunkSize ?? 64 * 1024,
  };
  const dictionary = dictionaryOf(options);
  if (dictionary) settings.dictionary = dictionary;
  return new pako.Inflate(settings);
}

/** The ZlibDataError for a pako status, with node:zlib's code. */
export function pakoError(status: number, message: string): ZlibDataError {
  return new ZlibDataError(ERROR_CODES[status] ?? 'Z_DATA_ERROR', message || 'zlib error');
}

/** Throws when the inflater failed, or (at the end) stopped before the stream did: as node:zlib. */
export function checkInflater(inflater: pako.Inflate, final: boolean): void {
  if (inflater.err !== 0) throw pakoError(inflater.err, inflater.msg);
  if (final && !inflater.ended) throw new ZlibDataError('Z_BUF_ERROR', 'unexpected end of file');
}

function collect(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/** Compresses `bytes` whole. */
export function compressBytes(kind: Kind, bytes: Uint8Array, options: ZlibOptions | undefined): Uint8Array {
  const deflater = createDeflater(kind, options);
  const chunks: Uint8Array[] = [];
  deflater.onData = (chunk) => chunks.push(chunk);
  deflater.push(bytes, pako.Z_FINISH);
  if (deflater.err !== 0) throw pakoError(deflater.err, deflater.msg);
  return collect(chunks);
}

/** Decompresses `bytes` whole; ZlibDataError with node:zlib's codes, ERR_BUFFER_TOO_LARGE past maxOutputLength. */
export function decompressBytes(kind: Kind, bytes: Uint8Array, options: ZlibOptions | undefined): Uint8Array {
  const inflater = createInflater(kind, options);
  const chunks: Uint8Array[] = [];
  const limit = options?.maxOutputLength ?? Number.MAX_SAFE_INTEGER;
  let total = 0;
  inflater.onData = (chunk) => {
    total += chunk.length;
    chunks.push(chunk);
  };
  // node:zlib's finishFlush: with Z_SYNC_FLUSH a stream cut after a flush point is not an error.
  const finish = (options?.finishFlush ?? pako.Z_FINISH) === pako.Z_FINISH;
  inflater.push(bytes, finish ? pako.Z_FINISH : pako.Z_SYNC_FLUSH);
  if (total > limit)
    throw new ZlibDataError('ERR_BUFFER_TOO_LARGE', `Cannot create a Buffer larger than ${limit} bytes`);
  checkInflater(inflater, finish);
  return collect(chunks);
}
