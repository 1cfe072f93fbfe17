// SPDX-License-Identifier: Apache-2.0
// CompressionStream and DecompressionStream as the WHATWG Compression Streams standard and WebIDL
// define them, over an engine given by each entry (node:zlib-compatible streams on Node, pako in
// browsers). This file owns what the standard says and both entries share: the interface shape
// (prototype accessors `readable`/`writable` with brand checks, @@toStringTag, constructor length
// 1), the format as a WebIDL enum, the chunk as a BufferSource, and TypeError for every failure.
// The engine only compresses or decompresses bytes it owns. Our extensions (the options argument,
// flush(), engine reporting) sit next to the standard's members without changing them.
import type { ServedEngine } from '../options';
import { bufferSourceBytes } from './buffer-source';
import { codedTypeError, toTypeError } from './type-error';

/** The formats of the Compression Streams standard. */
export type CompressionFormat = 'gzip' | 'deflate' | 'deflate-raw';

/** What a stream says about its engine. */
export interface EngineInfo {
  engine: ServedEngine;
  /** Device name when on hardware. */
  device: string | undefined;
  /** True when the device is the emulator. */
  emulated: boolean;
}

/**
 * One compression or decompression, as an entry's engine provides it. It may keep the bytes it
 * is given (they are its own), gives its output to the `emit` it was opened with, and reports
 * failures by throwing or rejecting (converted to TypeError here).
 */
export interface WebCodec {
  /** Compresses or decompresses `bytes` (never empty). */
  write(bytes: Uint8Array): void | Promise<void>;
  /** Sync-flushes what was written (our `flush()` extension). */
  flush(): void | Promise<void>;
  /** The end of the input: the rest of the output; decompression checks the stream ended exactly here. */
  finish(): void | Promise<void>;
  /** Releases the engine's resources (the stream was cancelled, aborted or failed). */
  destroy(): void;
  readonly engineInfo: EngineInfo;
  readonly fallbackReason: string | undefined;
}

/** Opens an engine for one stream; throws for bad options. */
export type OpenCodec<Options> = (
  direction: 'compress' | 'decompress',
  format: CompressionFormat,
  options: Options | undefined,
  emit: (chunk: Uint8Array) => void,
) => WebCodec;

/** An instance of either class: the standard's GenericTransformStream plus our extensions. */
export interface CompressionPair {
  readonly readable: ReadableStream<Uint8Array>;
  readonly writable: WritableStream<ArrayBufferView | ArrayBuffer>;
  /**
   * Sync-flushes everything the writable has accepted so far (await each `writer.write()` first):
   * the bytes for it are enqueued on `readable` when the promise resolves.
   */
  flush(): Promise<void>;
  /** The engine serving the stream now. */
  readonly engine: ServedEngine;
  /** The engine with device details. */
  readonly engineInfo: EngineInfo;
  /** Why the stream left (or never took) the hardware. */
  readonly fallbackReason: string | undefined;
}

/** The constructor of either class: `new CompressionStream(format, options?)`. */
export interface CompressionPairClass<Options> {
  new (format: CompressionFormat, options?: Options): CompressionPair;
  readonly prototype: CompressionPair;
}

/** Output bytes the readable side queues before it stops the writable side. */
const READABLE_HIGH_WATER_MARK = 64 * 1024;

const FORMATS: ReadonlySet<string> = new Set(['gzip', 'deflate', 'deflate-raw']);

/** WebIDL's enum conversion: ToString (which throws for a Symbol, and runs an object's toString), then a listed value. */
function formatOf(value: unknown): CompressionFormat {
  const format = `${value as string}`;
  if (FORMATS.has(format)) return format as CompressionFormat;
  throw codedTypeError(
    'ERR_INVALID_ARG_VALUE',
    `The format must be one of 'deflate', 'deflate-raw', 'gzip'. Received '${format}'`,
  );
}

/** The TransformStream of one instance and its engine. */
class Pair<Options> {
  readonly readable: ReadableStream<Uint8Array>;
  readonly writable: WritableStream<ArrayBufferView | ArrayBuffer>;
  readonly codec: WebCodec;
  #controller: TransformStreamDefaultController<Uint8Array> | undefined;
  /** Set once the stream has closed or failed: the engine's late output is dropped. */
  #done = false;
  #error: TypeError | undefined;

  constructor(
    open: OpenCodec<Options>,
    direction: 'compress' | 'decompress',
    format: CompressionFormat,
    options?: Options,
  ) {
    this.codec = open(direction, format, options, (chunk) => {
      if (!this.#done) this.#controller!.enqueue(chunk);
    });
    // `cancel` (the readable cancelled or the writable aborted) is newer than TypeScript's DOM types.
    const transformer: Transformer<unknown, Uint8Array> & { cancel(reason: unknown): void } = {
      start: (controller) => {
        this.#controller = controller;
      },
      transform: (chunk) => {
        let bytes: Uint8Array;
        try {
          bytes = bufferSourceBytes(chunk);
        } catch (error) {
          throw this.#fail(error);
        }
        // An empty chunk adds nothing to either direction (and is never handed to an engine).
        if (bytes.byteLength === 0) return;
        return this.#run(() => this.codec.write(bytes));
      },
      flush: () =>
        this.#run(
          () => this.codec.finish(),
          () => {
            this.#done = true;
          },
        ),
      cancel: (reason) => {
        this.#fail(reason);
      },
    };
    // The readable side holds up to READABLE_HIGH_WATER_MARK bytes of output before it pushes back,
    // instead of the default 0: a write completes without a pending read (as with Node's own
    // classes), which our flush() needs (write, flush, then read); memory stays bounded.
    const transform = new TransformStream<unknown, Uint8Array>(transformer, undefined, {
      highWaterMark: READABLE_HIGH_WATER_MARK,
      size: (chunk) => chunk.byteLength,
    });
    this.readable = transform.readable;
    this.writable = transform.writable as WritableStream<ArrayBufferView | ArrayBuffer>;
  }

  /** Our flush(): rejects with the stream's error once it failed; nothing to do once it closed. */
  flush(): Promise<void> {
    if (this.#error) return Promise.reject(this.#error);
    if (this.#done) return Promise.resolve();
    return Promise.resolve(this.#run(() => this.codec.flush()));
  }

  /** Runs an engine step; its failure (thrown or rejected) becomes the stream's TypeError. */
  #run(step: () => void | Promise<void>, after?: () => void): void | Promise<void> {
    let result: void | Promise<void>;
    try {
      result = step();
    } catch (error) {
      throw this.#fail(error);
    }
    if (!(result instanceof Promise)) return after?.();
    return result.then(after, (error: unknown) => {
      throw this.#fail(error);
    });
  }

  #fail(error: unknown): TypeError {
    if (!this.#done) {
      this.#done = true;
      this.#error = toTypeError(error);
      this.codec.destroy();
    }
    return this.#error ?? toTypeError(error);
  }
}

/** Makes accessors and methods enumerable as WebIDL's attributes and operations are, and sets @@toStringTag. */
function asWebIdlInterface(interfaceObject: Function, name: string): void {
  const prototype = interfaceObject.prototype as object;
  for (const key of Object.getOwnPropertyNames(prototype)) {
    if (key === 'constructor') continue;
    const descriptor = Object.getOwnPropertyDescriptor(prototype, key)!;
    Object.defineProperty(prototype, key, { ...descriptor, enumerable: true });
  }
  Object.defineProperty(prototype, Symbol.toStringTag, { value: name, configurable: true });
  Object.defineProperty(interfaceObject, 'name', { value: name, configurable: true });
  // WebIDL: the number of the constructor's required arguments (format).
  Object.defineProperty(interfaceObject, 'length', { value: 1, configurable: true });
}

function defineInterface<Options>(
  name: string,
  direction: 'compress' | 'decompress',
  open: OpenCodec<Options>,
): CompressionPairClass<Options> {
  // One class per interface: its private field is its brand, so CompressionStream's getters
  // throw TypeError on a DecompressionStream, as WebIDL requires.
  const Interface = class implements CompressionPair {
    #pair: Pair<Options>;
    constructor(format: CompressionFormat, options?: Options) {
      this.#pair = new Pair(open, direction, formatOf(format), options);
    }
    get readable(): ReadableStream<Uint8Array> {
      return this.#pair.readable;
    }
    get writable(): WritableStream<ArrayBufferView | ArrayBuffer> {
      return this.#pair.writable;
    }
    flush(): Promise<void> {
      try {
        return this.#pair.flush();
      } catch (error) {
        // WebIDL: an operation returning a promise rejects instead of throwing (brand check).
        return Promise.reject(error);
      }
    }
    get engine(): ServedEngine {
      return this.#pair.codec.engineInfo.engine;
    }
    get engineInfo(): EngineInfo {
      return this.#pair.codec.engineInfo;
    }
    get fallbackReason(): string | undefined {
      return this.#pair.codec.fallbackReason;
    }
  };
  asWebIdlInterface(Interface, name);
  return Interface;
}

/** The two classes over an entry's engine. Throws nothing; the classes throw TypeError as the standard says. */
export function defineCompressionStreams<Options>(open: OpenCodec<Options>): {
  CompressionStream: CompressionPairClass<Options>;
  DecompressionStream: CompressionPairClass<Options>;
} {
  return {
    CompressionStream: defineInterface('CompressionStream', 'compress', open),
    DecompressionStream: defineInterface('DecompressionStream', 'decompress', open),
  };
}
