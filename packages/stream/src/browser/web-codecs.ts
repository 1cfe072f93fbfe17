// SPDX-License-Identifier: Apache-2.0
// The pako engines of the browser entry's CompressionStream / DecompressionStream. Both consume a
// chunk synchronously and emit its output only after the engine is done with it: enqueueing can
// run the caller's code (a pending read() resolves), which may detach the chunk's buffer, and by
// then pako no longer reads it. Decompression drives pako's zlib-level inflate itself, so it
// knows where the compressed data ends: one gzip member, nothing after the end (the standard's
// rules; pako's Inflate class would start another gzip member or drop what follows).
import { ZlibDataError } from '@uacce/abi';
import * as pako from 'pako';
import type { Kind } from '../internal/kinds';
import { validateZlibOptions } from '../internal/validate-options';
import { countStream } from '../metrics';
import type { CompressionFormat, EngineInfo, WebCodec } from '../web/compression-streams';
import { createDeflater, pakoError } from './pako-engine';

/** The optional second argument (engine is accepted for symmetry: a browser has only software). */
export interface CompressionStreamOptions {
  /** Compression level 0..9 (compression only; default zlib's 6). */
  level?: number;
  engine?: 'auto' | 'hardware' | 'software';
  /** Output chunk size in bytes (default 16 KiB compressing, 64 KiB decompressing). */
  chunkSize?: number;
}

const SOFTWARE: EngineInfo = Object.freeze({ engine: 'software', device: undefined, emulated: false });
const DEFLATE_KIND: Readonly<Record<CompressionFormat, Kind>> = {
  gzip: 'gzip',
  deflate: 'deflate',
  'deflate-raw': 'deflateRaw',
};
/** zlib's windowBits per format: +16 gzip only, negative raw. */
const INFLATE_WINDOW_BITS: Readonly<Record<CompressionFormat, number>> = {
  gzip: 15 + 16,
  deflate: 15,
  'deflate-raw': -15,
};

/** Counts a finished stream, hands out the chunks a step produced. */
abstract class PakoCodec implements WebCodec {
  readonly engineInfo = SOFTWARE;
  readonly fallbackReason = undefined;
  protected pending: Uint8Array[] = [];
  #in = 0;
  #out = 0;
  readonly #emit: (chunk: Uint8Array) => void;

  constructor(emit: (chunk: Uint8Array) => void) {
    this.#emit = emit;
  }

  write(bytes: Uint8Array): void {
    this.#in += bytes.length;
    this.step(bytes, false);
    this.#release();
  }
  flush(): void {
    this.step(undefined, false);
    this.#release();
  }
  finish(): void {
    this.step(undefined, true);
    this.#release();
    countStream('software', this.#in, this.#out);
  }
  destroy(): void {
    this.pending = [];
  }

  /** Runs the engine over `bytes` (undefined: flush, or the end when `final`), into `pending`. */
  protected abstract step(bytes: Uint8Array | undefined, final: boolean): void;

  #release(): void {
    const chunks = this.pending;
    this.pending = [];
    for (const chunk of chunks) {
      this.#out += chunk.length;
      this.#emit(chunk);
    }
  }
}

class PakoCompressor extends PakoCodec {
  readonly #deflater: pako.Deflate;
  #finished = false;
  constructor(
    format: CompressionFormat,
    options: CompressionStreamOptions | undefined,
    emit: (chunk: Uint8Array) => void,
  ) {
    super(emit);
    this.#deflater = createDeflater(DEFLATE_KIND[format], options);
    this.#deflater.onData = (chunk) => this.pending.push(chunk);
  }
  protected step(bytes: Uint8Array | undefined, final: boolean): void {
    if (this.#finished) return;
    this.#finished = final;
    const mode = bytes ? pako.Z_NO_FLUSH : final ? pako.Z_FINISH : pako.Z_SYNC_FLUSH;
    this.#deflater.push(bytes ?? new Uint8Array(0), mode);
    if (this.#deflater.err !== 0) throw pakoError(this.#deflater.err, this.#deflater.msg);
  }
}

class PakoDecompressor extends PakoCodec {
  readonly #strm = new pako.ZStream();
  readonly #chunkSize: number;
  /** Start of the output not yet handed out, in strm.output. */
  #start = 0;
  #ended = false;

  constructor(
    format: CompressionFormat,
    options: CompressionStreamOptions | undefined,
    emit: (chunk: Uint8Array) => void,
  ) {
    super(emit);
    this.#chunkSize = options?.chunkSize ?? 64 * 1024;
    this.#strm.avail_out = 0;
    const status = pako.zlibInflateInit2(this.#strm, INFLATE_WINDOW_BITS[format]);
    if (status !== pako.Z_OK) throw pakoError(status, this.#strm.msg);
  }

  protected step(bytes: Uint8Array | undefined, final: boolean): void {
    if (bytes) this.#inflate(bytes);
    // A flush needs nothing: each chunk's output is handed out whole. The end must be the stream's.
    if (final && !this.#ended) throw new ZlibDataError('Z_BUF_ERROR', 'unexpected end of file');
  }

  #inflate(bytes: Uint8Array): void {
    if (this.#ended) throw extraInput();
    const strm = this.#strm;
    strm.input = bytes;
    strm.next_in = 0;
    strm.avail_in = bytes.length;
    for (;;) {
      if (strm.avail_out === 0) {
        strm.output = new Uint8Array(this.#chunkSize);
        strm.next_out = 0;
        strm.avail_out = this.#chunkSize;
        this.#start = 0;
      }
      const status = pako.zlibInflate(strm, pako.Z_NO_FLUSH);
      if (strm.next_out > this.#start) {
        this.pending.push(strm.output.subarray(this.#start, strm.next_out));
        this.#start = strm.next_out;
      }
      if (status === pako.Z_STREAM_END) {
        this.#ended = true;
        pako.zlibInflateEnd(strm);
        // The standard: nothing may follow the end (for gzip: no second member either).
        if (strm.avail_in > 0) throw extraInput();
        break;
      }
      if (status !== pako.Z_OK && status !== pako.Z_BUF_ERROR) throw pakoError(status, strm.msg);
      // More output is waiting only when the output buffer filled up.
      if (strm.avail_out !== 0) break;
    }
    strm.input = new Uint8Array(0);
  }
}

function extraInput(): ZlibDataError {
  return new ZlibDataError('Z_DATA_ERROR', 'data after the end of the compressed stream');
}

/** The browser entry's engine for the WHATWG classes: pako, synchronously. */
export function openPakoCodec(
  direction: 'compress' | 'decompress',
  format: CompressionFormat,
  options: CompressionStreamOptions | undefined,
  emit: (chunk: Uint8Array) => void,
): WebCodec {
  validateZlibOptions(options as Record<string, unknown> | undefined, direction === 'decompress');
  return direction === 'compress'
    ? new PakoCompressor(format, options, emit)
    : new PakoDecompressor(format, options, emit);
}
