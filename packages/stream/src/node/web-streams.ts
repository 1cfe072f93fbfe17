// SPDX-License-Identifier: Apache-2.0
// WHATWG CompressionStream / DecompressionStream of the Node entry: the standard's classes
// (../web/compression-streams.ts) over this package's node:zlib-compatible streams, so they get
// the engine selection, the fallback and the larger decompression chunks. The engine is used
// only through node:zlib's public stream surface (write/end/flush, 'data'/'end'/'error',
// bytesWritten) plus engine reporting; see NodeCodec for how the end of the data is checked.
import zlib from 'node:zlib';
import { adler32, ZlibDataError } from '@uacce/abi';
import type { Engine } from '../options';
import {
  type CompressionFormat,
  type CompressionPair,
  type CompressionPairClass,
  defineCompressionStreams,
  type EngineInfo,
  type WebCodec,
} from '../web/compression-streams';
import {
  createDeflate,
  createDeflateRaw,
  createGunzip,
  createGzip,
  createInflate,
  createInflateRaw,
} from './streams';

export type { CompressionFormat, EngineInfo };

/** The optional second argument of our CompressionStream / DecompressionStream. */
export interface CompressionStreamOptions {
  /** Compression level 0..9 (compression only; default zlib's 6). */
  level?: number;
  engine?: Engine;
  hardwareThreshold?: number;
  hardwareTimeout?: number;
  fallbackRetainLimit?: number;
  /** Output chunk size in bytes (default 16 KiB compressing, 64 KiB decompressing). */
  chunkSize?: number;
}

/** The part of a stream of this package the WHATWG classes use (node:zlib's surface). */
interface ZlibHandle {
  write(chunk: Uint8Array, callback: (error?: Error | null) => void): boolean;
  end(): void;
  flush(kind: number, callback: () => void): void;
  destroy(): void;
  read(): unknown;
  on(event: 'data', listener: (chunk: Uint8Array) => void): unknown;
  on(event: 'end' | 'close', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  readonly readableLength: number;
  readonly readableFlowing: boolean | null;
  /** node:zlib: the input bytes the engine consumed (less than written once the data ended). */
  readonly bytesWritten: number;
  readonly engineInfo: EngineInfo;
  readonly fallbackReason: string | undefined;
}

type Factory = (options?: CompressionStreamOptions) => ZlibHandle;

const FACTORIES: Readonly<Record<'compress' | 'decompress', Readonly<Record<CompressionFormat, Factory>>>> = {
  compress: { gzip: createGzip, deflate: createDeflate, 'deflate-raw': createDeflateRaw },
  decompress: { gzip: createGunzip, deflate: createInflate, 'deflate-raw': createInflateRaw },
};

/** node:zlib's own classes: a stream of this package that is one runs node:zlib's engine unbuffered. */
const NODE_ZLIB = zlib as unknown as Readonly<Record<'Gunzip' | 'Inflate' | 'InflateRaw', Function>>;
const NODE_DECOMPRESSORS: Readonly<Record<CompressionFormat, Function>> = {
  gzip: NODE_ZLIB.Gunzip,
  deflate: NODE_ZLIB.Inflate,
  'deflate-raw': NODE_ZLIB.InflateRaw,
};

function extraInput(): ZlibDataError {
  return new ZlibDataError('Z_DATA_ERROR', 'data after the end of the compressed stream');
}

/**
 * One WHATWG stream over a node:zlib-compatible stream. Each chunk is copied before it is written
 * (the engine works on it asynchronously, and the caller may detach its buffer meanwhile); a
 * write completes when the engine has taken the chunk, with its output enqueued.
 *
 * Decompression must fail on anything after the end of the compressed data, and a gzip stream
 * may hold only one member (the standard), where node:zlib ignores what follows a zlib or raw
 * stream, skips trailing zeros and decodes further gzip members. node:zlib tells the end: once
 * the data ended, `bytesWritten` (the bytes it consumed) stays below what was written, and its
 * readable side ends on its own. Streams that may run on hardware (not node:zlib's classes) count
 * every byte written and hold small inputs back while they choose an engine; for those, each
 * decompression write is followed by a sync flush (the standard enqueues each chunk's output, and
 * errors come with the chunk that carries them), and the end is checked against the trailer:
 * for zlib the output's Adler-32. For gzip, on every engine, the last four bytes (ISIZE) must be
 * the output's length mod 2^32, which also catches a second member at the end of the input.
 * What is left open: on those streams, raw deflate followed by junk, and junk or a second gzip
 * member while the writer stays open, are only seen (or not, for raw) when the writer closes.
 */
class NodeCodec implements WebCodec {
  readonly #handle: ZlibHandle;
  readonly #decompress: boolean;
  readonly #format: CompressionFormat;
  /** Not one of node:zlib's classes: flush each decompression write, check the trailer at the end. */
  readonly #adaptive: boolean;
  /** Adler-32 of the output (zlib format on adaptive streams). */
  #adler = 1;
  #in = 0;
  #out = 0;
  /** The last four input bytes (gzip's ISIZE at the end). */
  #tail = new Uint8Array(4);
  #error: Error | undefined;
  /** The readable side ended (after our end(), or on its own when the data ended early). */
  #ended = false;
  /** Completes finish() when the readable side ends. */
  #onEnd: (() => void) | undefined;
  /** Operations waiting for the engine (a callback, or 'end'); an 'error' settles them all. */
  #waiting = new Set<() => void>();

  constructor(
    handle: ZlibHandle,
    decompress: boolean,
    format: CompressionFormat,
    emit: (chunk: Uint8Array) => void,
  ) {
    this.#handle = handle;
    this.#decompress = decompress;
    this.#format = format;
    this.#adaptive = decompress && !(handle instanceof NODE_DECOMPRESSORS[format]);
    const adler = this.#adaptive && format === 'deflate';
    handle.on('data', (chunk) => {
      this.#out += chunk.length;
      if (adler) this.#adler = adler32(chunk, this.#adler);
      // A plain Uint8Array over the engine's buffer, as the standard's chunks are (not a Buffer).
      emit(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    });
    handle.on('error', (error) => {
      this.#error ??= error;
      this.#wake();
    });
    handle.on('end', () => {
      this.#ended = true;
      this.#wake();
    });
  }

  get engineInfo(): EngineInfo {
    return this.#handle.engineInfo;
  }
  get fallbackReason(): string | undefined {
    return this.#handle.fallbackReason;
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (this.#decompress && this.#ended) throw extraInput();
    const copy = Uint8Array.prototype.slice.call(bytes);
    this.#in += copy.length;
    this.#keepTail(copy);
    await this.#engine((done) => this.#handle.write(copy, (error) => done(error ?? undefined)));
    if (this.#adaptive) await this.flush();
    if (this.#decompress && (this.#ended || this.#handle.bytesWritten < this.#in)) throw extraInput();
  }

  flush(): Promise<void> {
    return this.#engine((done) => this.#handle.flush(zlib.constants.Z_SYNC_FLUSH, () => done()));
  }

  async finish(): Promise<void> {
    if (!this.#ended) {
      await this.#engine((done) => {
        this.#onEnd = done;
        this.#handle.end();
      });
    }
    if (!this.#decompress) return;
    if (this.#handle.bytesWritten < this.#in) throw extraInput();
    const trailer = new DataView(this.#tail.buffer);
    if (this.#format === 'gzip' && trailer.getUint32(0, true) !== this.#out % 2 ** 32) throw extraInput();
    if (this.#adaptive && this.#format === 'deflate' && trailer.getUint32(0, false) !== this.#adler) {
      throw extraInput();
    }
  }

  destroy(): void {
    this.#handle.destroy();
  }

  /** Output the engine buffered instead of emitting: emitted now, so a resolved write or flush has it all. */
  #drain(): void {
    while (this.#handle.readableFlowing && this.#handle.readableLength > 0 && this.#handle.read() !== null) {}
  }

  #keepTail(bytes: Uint8Array): void {
    if (bytes.length >= 4) {
      this.#tail.set(bytes.subarray(bytes.length - 4));
    } else {
      this.#tail.copyWithin(0, bytes.length);
      this.#tail.set(bytes, 4 - bytes.length);
    }
  }

  /**
   * Starts an engine operation and resolves when it calls back, with the output it produced
   * emitted; rejects with the engine's error, also when the engine fails without calling back.
   */
  #engine(start: (done: (error?: Error) => void) => void): Promise<void> {
    if (this.#error) return Promise.reject(this.#error);
    return new Promise((resolve, reject) => {
      const settle = (error?: Error) => {
        if (!this.#waiting.delete(wake)) return;
        this.#drain();
        if (this.#error ?? error) reject(this.#error ?? error);
        else resolve();
      };
      const wake = () => settle();
      this.#waiting.add(wake);
      start(settle);
    });
  }

  /** 'end' or 'error': the end waiter is done; on an error, every operation fails with it. */
  #wake(): void {
    const onEnd = this.#onEnd;
    this.#onEnd = undefined;
    onEnd?.();
    if (!this.#error) return;
    for (const wake of [...this.#waiting]) wake();
  }
}

function openNodeCodec(
  direction: 'compress' | 'decompress',
  format: CompressionFormat,
  options: CompressionStreamOptions | undefined,
  emit: (chunk: Uint8Array) => void,
): WebCodec {
  const handle = FACTORIES[direction][format](options);
  return new NodeCodec(handle, direction === 'decompress', format, emit);
}

const classes = /* @__PURE__ */ defineCompressionStreams(openNodeCodec);

/**
 * WHATWG CompressionStream ('gzip', 'deflate', 'deflate-raw'), with options and `flush()`.
 * Throws TypeError (code ERR_INVALID_ARG_VALUE) for another format; bad chunks error the stream
 * with TypeError (ERR_INVALID_ARG_TYPE).
 */
export const CompressionStream: CompressionPairClass<CompressionStreamOptions> = classes.CompressionStream;
export type CompressionStream = CompressionPair;
/**
 * WHATWG DecompressionStream ('gzip', 'deflate', 'deflate-raw'), with options and `flush()`.
 * Errors are TypeErrors with node:zlib's code and errno (Z_DATA_ERROR for corrupt data or data
 * after the end, Z_BUF_ERROR for truncated data), the SDK's error as `cause`.
 */
export const DecompressionStream: CompressionPairClass<CompressionStreamOptions> =
  classes.DecompressionStream;
export type DecompressionStream = CompressionPair;
