// SPDX-License-Identifier: Apache-2.0
// WHATWG CompressionStream / DecompressionStream on pako, for the browser entry: the same
// constructor (format, options?), `flush()` and engine reporting as the Node entry's.
import { UacceArgumentError } from '@uacce/abi';
import * as pako from 'pako';
import { toBytes } from '../internal/bytes';
import type { Kind } from '../internal/kinds';
import { validateZlibOptions } from '../internal/validate-options';
import { countStream } from '../metrics';
import type { Engine, ServedEngine } from '../options';
import { checkInflater, createDeflater, createInflater, pakoError } from './pako-engine';

/** The formats of the Compression Streams standard. */
export type CompressionFormat = 'gzip' | 'deflate' | 'deflate-raw';

/** The optional second argument (engine is accepted for symmetry: a browser has only software). */
export interface CompressionStreamOptions {
  level?: number;
  engine?: Engine;
  chunkSize?: number;
}

/** What a stream says about its engine (always software here). */
export interface EngineInfo {
  engine: ServedEngine;
  device: string | undefined;
  emulated: boolean;
}

const SOFTWARE: EngineInfo = Object.freeze({ engine: 'software', device: undefined, emulated: false });
const COMPRESS: Readonly<Record<CompressionFormat, Kind>> = {
  gzip: 'gzip',
  deflate: 'deflate',
  'deflate-raw': 'deflateRaw',
};
const DECOMPRESS: Readonly<Record<CompressionFormat, Kind>> = {
  gzip: 'gunzip',
  deflate: 'inflate',
  'deflate-raw': 'inflateRaw',
};

function kindOf(table: Readonly<Record<CompressionFormat, Kind>>, format: unknown): Kind {
  if (typeof format === 'string' && Object.hasOwn(table, format)) return table[format as CompressionFormat];
  throw new UacceArgumentError(
    'ERR_INVALID_ARG_VALUE',
    `The argument 'format' must be one of 'deflate', 'deflate-raw', 'gzip'. Received ${String(format)}`,
  );
}

function chunkBytes(chunk: unknown): Uint8Array {
  if (typeof chunk === 'string' || !toBytes(chunk)) {
    throw new UacceArgumentError(
      'ERR_INVALID_ARG_TYPE',
      'The "chunk" argument must be an ArrayBuffer or ArrayBufferView',
    );
  }
  return toBytes(chunk)!;
}

/** The engine of one pako stream: push input with a flush mode, get output through `emit`. */
interface Codec {
  push(bytes: Uint8Array, flush: number): void;
}

abstract class PakoPair {
  readonly readable: ReadableStream<Uint8Array>;
  readonly writable: WritableStream<ArrayBufferView | ArrayBuffer>;
  #codec: Codec;
  #controller: TransformStreamDefaultController<Uint8Array> | undefined;
  #in = 0;
  #out = 0;

  constructor(makeCodec: (emit: (chunk: Uint8Array) => void) => Codec) {
    this.#codec = makeCodec((chunk) => {
      this.#out += chunk.length;
      this.#controller!.enqueue(chunk);
    });
    const transform = new TransformStream<ArrayBufferView | ArrayBuffer, Uint8Array>({
      start: (controller) => {
        this.#controller = controller;
      },
      transform: (chunk) => {
        const bytes = chunkBytes(chunk);
        this.#in += bytes.length;
        this.#codec.push(bytes, pako.Z_NO_FLUSH);
      },
      flush: () => {
        this.#codec.push(new Uint8Array(0), pako.Z_FINISH);
        countStream('software', this.#in, this.#out);
      },
    });
    this.readable = transform.readable;
    this.writable = transform.writable;
  }

  get engine(): ServedEngine {
    return 'software';
  }
  get engineInfo(): EngineInfo {
    return SOFTWARE;
  }
  get fallbackReason(): string | undefined {
    return undefined;
  }

  /** Sync-flushes what the writable has accepted (await your writes first); output is enqueued when it resolves. */
  flush(): Promise<void> {
    try {
      this.#codec.push(new Uint8Array(0), pako.Z_SYNC_FLUSH);
    } catch (error) {
      return Promise.reject(error);
    }
    return Promise.resolve();
  }
}

/** WHATWG CompressionStream on pako, with options and `flush()`. Throws ERR_INVALID_ARG_VALUE for another format. */
export class CompressionStream extends PakoPair {
  constructor(format: CompressionFormat, options?: CompressionStreamOptions) {
    const kind = kindOf(COMPRESS, format);
    validateZlibOptions(options as Record<string, unknown> | undefined, false);
    super((emit) => {
      const deflater = createDeflater(kind, options);
      deflater.onData = emit;
      return {
        push(bytes, flush) {
          deflater.push(bytes, flush as pako.Z_FlushMode);
          if (deflater.err !== 0) throw pakoError(deflater.err, deflater.msg);
        },
      };
    });
  }
}

/** WHATWG DecompressionStream on pako, with options and `flush()`; data errors carry node:zlib's codes. */
export class DecompressionStream extends PakoPair {
  constructor(format: CompressionFormat, options?: CompressionStreamOptions) {
    const kind = kindOf(DECOMPRESS, format);
    validateZlibOptions(options as Record<string, unknown> | undefined, true);
    super((emit) => {
      const inflater = createInflater(kind, options);
      inflater.onData = emit;
      return {
        push(bytes, flush) {
          // After the end of the stream, more input is an error, as the standard requires.
          if (inflater.ended && bytes.length > 0) throw pakoError(-3, 'data after the end of the stream');
          if (!inflater.ended)
            inflater.push(bytes, flush === pako.Z_FINISH ? pako.Z_FINISH : pako.Z_NO_FLUSH);
          checkInflater(inflater, flush === pako.Z_FINISH);
        },
      };
    });
  }
}
