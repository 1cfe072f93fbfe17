// SPDX-License-Identifier: Apache-2.0
// WHATWG CompressionStream / DecompressionStream over this package's zlib streams, built the way
// Node builds its own (a readable/writable pair around a zlib Duplex), so they run at least as fast
// and get the engine selection, the fallback and the larger decompression chunks.

import { Duplex } from 'node:stream';
import zlib from 'node:zlib';
import { UacceArgumentError } from '@uacce/abi';
import type { Engine, ServedEngine } from '../options';
import type { EngineInfo, SoftwareStream } from './software';
import {
  createDeflate,
  createDeflateRaw,
  createGunzip,
  createGzip,
  createInflate,
  createInflateRaw,
} from './streams';

/** The formats of the Compression Streams standard. */
export type CompressionFormat = 'gzip' | 'deflate' | 'deflate-raw';

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

const COMPRESSORS = { gzip: createGzip, deflate: createDeflate, 'deflate-raw': createDeflateRaw } as const;
const DECOMPRESSORS = {
  gzip: createGunzip,
  deflate: createInflate,
  'deflate-raw': createInflateRaw,
} as const;

function factoryOf<T>(table: Record<CompressionFormat, T>, format: unknown): T {
  if (typeof format === 'string' && Object.hasOwn(table, format)) return table[format as CompressionFormat];
  throw new UacceArgumentError(
    'ERR_INVALID_ARG_VALUE',
    `The argument 'format' must be one of 'deflate', 'deflate-raw', 'gzip'. Received ${String(format)}`,
  );
}

abstract class ZlibPair {
  readonly readable: ReadableStream<Uint8Array>;
  readonly writable: WritableStream<ArrayBufferView | ArrayBuffer>;
  protected readonly handle: SoftwareStream;

  constructor(handle: SoftwareStream) {
    this.handle = handle;
    const pair = Duplex.toWeb(handle);
    // Typed as the global web streams, so they fit pipeThrough() in DOM-typed and Node-typed code.
    this.readable = pair.readable as unknown as ReadableStream<Uint8Array>;
    this.writable = pair.writable as unknown as WritableStream<ArrayBufferView | ArrayBuffer>;
  }

  /** The engine serving the stream now. */
  get engine(): ServedEngine {
    return this.handle.engine;
  }
  /** The engine with device details. */
  get engineInfo(): EngineInfo {
    return this.handle.engineInfo;
  }
  /** Why the stream left (or never took) the hardware. */
  get fallbackReason(): string | undefined {
    return this.handle.fallbackReason;
  }

  /**
   * Sync-flushes everything the writable has accepted so far (await each `writer.write()` first):
   * the compressed bytes for it are enqueued on `readable` when the promise resolves. For
   * server-sent events and other streams a reader must see before the end.
   */
  flush(): Promise<void> {
    return new Promise((resolve) => this.handle.flush(zlib.constants.Z_SYNC_FLUSH, () => resolve()));
  }
}

/** WHATWG CompressionStream ('gzip', 'deflate', 'deflate-raw'), with options and `flush()`. Throws ERR_INVALID_ARG_VALUE for another format. */
export class CompressionStream extends ZlibPair {
  constructor(format: CompressionFormat, options?: CompressionStreamOptions) {
    super(factoryOf(COMPRESSORS, format)(options));
  }
}

/** WHATWG DecompressionStream ('gzip', 'deflate', 'deflate-raw'), with options and `flush()`. Throws ERR_INVALID_ARG_VALUE for another format. */
export class DecompressionStream extends ZlibPair {
  constructor(format: CompressionFormat, options?: CompressionStreamOptions) {
    super(factoryOf(DECOMPRESSORS, format)(options));
  }
}
