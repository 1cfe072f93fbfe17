// SPDX-License-Identifier: Apache-2.0
// What the adaptive (hardware-capable) compression and decompression streams share: node:zlib's
// stream surface (flush, reset, close, bytesWritten), engine reporting and the per-stream counters.
import { finished, Transform, type TransformCallback } from 'node:stream';
import zlib from 'node:zlib';
import { UacceArgumentError } from '@uacce/abi';
import { deviceName, engineLost, isEmulated } from '../hardware/engine-state';
import { isDeviceLoss, reasonOf } from '../hardware/fallback-reason';
import type { ZipDecompressSession, ZipEngine, ZipSession } from '../hardware/zip-types';
import type { Kind } from '../internal/kinds';
import { validateZlibOptions } from '../internal/validate-options';
import { toZlibError } from '../internal/zlib-error';
import { countBytes, countStream } from '../metrics';
import {
  DEFAULT_HARDWARE_TIMEOUT,
  type Engine,
  type Format,
  type ServedEngine,
  sizeOption,
  type ZlibOptions,
} from '../options';
import { type FlushKind, FlushMarkers } from './flush-markers';
import { reportFallback } from './report';
import { type EngineInfo, type EngineReporting, NODE_CLASSES, nodeOptions } from './software';

/**
 * node:zlib's own error for reset() on a closed stream (its `assert(this._handle)` fails with
 * ERR_INTERNAL_ASSERTION): taken from node:zlib itself, so class and code are node's exactly.
 */
function closedError(): Error {
  try {
    const Deflate = NODE_CLASSES.deflate;
    Deflate.prototype.reset.call(Object.create(Deflate.prototype));
  } catch (error) {
    return error as Error;
  }
  /* c8 ignore next */
  return new UacceArgumentError('ERR_INVALID_ARG_VALUE', 'zlib binding closed');
}

type StepCallback = (error?: Error | null, data?: unknown) => void;

export const SOFTWARE_INFO: EngineInfo = Object.freeze({
  engine: 'software',
  device: undefined,
  emulated: false,
});

/** Base of AdaptiveCompressor and AdaptiveDecompressor. */
export abstract class AdaptiveStream extends Transform implements EngineReporting {
  format: Format;
  /** The node:zlib kind this stream stands in for ('gzip', 'gunzip', ...). */
  readonly zlibKind: Kind;
  protected readonly requested: Engine;
  protected readonly options: ZlibOptions;
  protected info: EngineInfo = SOFTWARE_INFO;
  protected reason: string | undefined;
  protected engineInUse: ZipEngine | undefined;
  protected session: ZipSession | ZipDecompressSession | undefined;
  /** Input bytes accepted. */
  protected total = 0;
  /** Output bytes pushed. */
  protected produced = 0;
  /** Bytes in and out that the hardware served in the current stream (metrics after a fallback). */
  protected hardwareIn = 0;
  protected hardwareOut = 0;
  /** `total` and `produced` when the current stream started (construction or the last reset). */
  #baseIn = 0;
  #baseOut = 0;
  /** The transform step in progress: a reset waits for it. */
  #step: Promise<void> | undefined;
  /** The reset in progress: chunks and the end wait for it. */
  #resetting: Promise<void> | undefined;
  /**
   * The largest chunk pushed: node:zlib's `chunkSize` (the size of its output buffer), with the
   * same defaults as the software path, so hardware output reaches the reader in the same slices.
   */
  readonly #chunkSize: number;

  constructor(kind: Kind, format: Format, requested: Engine, options: ZlibOptions | undefined) {
    // node:zlib hands its options to Transform too: keep the stream-level ones.
    const { highWaterMark, readableHighWaterMark, writableHighWaterMark } = (options ?? {}) as Record<
      string,
      number | undefined
    >;
    super({ autoDestroy: true, highWaterMark, readableHighWaterMark, writableHighWaterMark });
    this.zlibKind = kind;
    this.format = format;
    this.requested = requested;
    this.options = { ...options };
    const decompress = kind !== 'gzip' && kind !== 'deflate' && kind !== 'deflateRaw';
    validateZlibOptions(options as Record<string, unknown> | undefined, decompress);
    this.#chunkSize =
      nodeOptions(decompress ? 'decompress' : 'compress', options)?.chunkSize ??
      zlib.constants.Z_DEFAULT_CHUNK;
  }

  get engine(): ServedEngine {
    return this.info.engine;
  }
  get engineInfo(): EngineInfo {
    return this.info;
  }
  get fallbackReason(): string | undefined {
    return this.reason;
  }
  /** Input bytes accepted so far (node:zlib's `bytesWritten`). */
  get bytesWritten(): number {
    return this.total;
  }

  /** Flushes pending output (node:zlib's `flush([kind], [callback])`, default Z_FULL_FLUSH). */
  flush(kind?: FlushKind | (() => void), callback?: () => void): void {
    if (typeof kind === 'function' || (kind === undefined && !callback)) {
      callback = kind as (() => void) | undefined;
      kind = zlib.constants.Z_FULL_FLUSH;
    }
    if (this.writableFinished) {
      if (callback) process.nextTick(callback);
    } else if (this.writableEnded) {
      if (callback) this.once('end', callback);
    } else {
      this.write(FlushMarkers.marker(kind as FlushKind), callback);
    }
  }

  /**
   * node:zlib's reset(): what is written next starts a new, independent stream; unflushed input
   * and the engine state are dropped, output already produced stays. Synchronous like node:zlib's
   * when no work is in progress; otherwise it applies as soon as the step in progress (a chunk
   * already handed to the engine) completes, before any chunk written later. Throws node:zlib's
   * ERR_INTERNAL_ASSERTION once the stream is closed.
   */
  reset(): void {
    if (this.destroyed || this.readableEnded) throw closedError();
    const apply = (): Promise<void> | undefined =>
      this.destroyed ? undefined : (this.restart() ?? undefined);
    const before = this.#resetting ?? this.#step;
    const work = before ? before.then(apply) : apply();
    if (!work) return;
    const gate: Promise<void> = work
      .catch((error: Error) => void this.destroy(error))
      .finally(() => {
        if (this.#resetting === gate) this.#resetting = undefined;
      });
    this.#resetting = gate;
  }

  /** Starts a new stream (for reset()): drops the engine state; may first finish pending work. */
  protected abstract restart(): Promise<void> | void;

  /** Back to no engine (for restart(), once the old stream's work is done): counts it, closes the session. */
  protected forgetEngine(): void {
    this.#countSegment(false);
    this.closeSession();
    this.engineInUse = undefined;
    this.info = SOFTWARE_INFO;
    this.reason = undefined;
  }

  /** Input bytes of the current stream (since construction or the last reset). */
  protected get streamIn(): number {
    return this.total - this.#baseIn;
  }

  /** Adds the current stream's bytes to the metrics; `finished` counts the stream itself. */
  #countSegment(finished: boolean): void {
    const bytesIn = this.total - this.#baseIn;
    const bytesOut = this.produced - this.#baseOut;
    const count = finished ? countStream : countBytes;
    if (this.info.engine === 'hardware') count('hardware', bytesIn, bytesOut);
    else {
      countBytes('hardware', this.hardwareIn, this.hardwareOut);
      count('software', bytesIn - this.hardwareIn, bytesOut - this.hardwareOut);
    }
    this.#baseIn = this.total;
    this.#baseOut = this.produced;
    this.hardwareIn = 0;
    this.hardwareOut = 0;
  }

  override _transform(chunk: Buffer, encoding: BufferEncoding, callback: TransformCallback): void {
    const resetting = this.#resetting;
    if (resetting) return void resetting.then(() => this._transform(chunk, encoding, callback));
    this.#track(callback, (done) => this.transformChunk(chunk, encoding, done));
  }

  override _flush(callback: TransformCallback): void {
    const resetting = this.#resetting;
    if (resetting) return void resetting.then(() => this._flush(callback));
    this.#track(callback, (done) => this.finishStream(done));
  }

  /** A chunk (or a flush marker) of the current stream. */
  protected abstract transformChunk(
    chunk: Buffer,
    encoding: BufferEncoding,
    callback: TransformCallback,
  ): void;
  /** The end of the input. */
  protected abstract finishStream(callback: TransformCallback): void;

  /** Runs a step, remembered as the step in progress until it calls back. */
  #track(callback: TransformCallback, start: (done: StepCallback) => void): void {
    let settle!: () => void;
    const step = new Promise<void>((resolve) => {
      settle = resolve;
    });
    this.#step = step;
    start((error, data) => {
      if (this.#step === step) this.#step = undefined;
      settle();
      callback(error, data);
    });
  }

  /** node:zlib's close(): destroys the stream; the callback runs once it has closed. */
  close(callback?: () => void): void {
    if (callback) finished(this, callback);
    this.destroy();
  }

  // node:zlib finishes in 'prefinish' (not in _final), so 'finish' comes before 'end': keep that order.
  override _final(callback: (error?: Error | null) => void): void {
    callback();
  }

  override push(chunk: unknown, encoding?: BufferEncoding): boolean {
    if (chunk !== null) this.produced += (chunk as Uint8Array).length;
    return super.push(chunk, encoding);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.closeSession();
    this.destroyInner();
    this.#countSegment(true);
    callback(error === null ? null : toZlibError(error));
  }

  protected abstract destroyInner(): void;

  /** Runs an async step of the transform, then the stream callback (with the error, if any). */
  protected async run(step: () => Promise<void> | void, callback: TransformCallback): Promise<void> {
    try {
      await step();
    } catch (error) {
      return callback(toZlibError(error as Error));
    }
    callback();
  }

  protected timeout(): number {
    return sizeOption('hardwareTimeout', this.options.hardwareTimeout, DEFAULT_HARDWARE_TIMEOUT);
  }

  protected useHardware(engine: ZipEngine, session: ZipSession | ZipDecompressSession): void {
    this.engineInUse = engine;
    this.session = session;
    this.info = Object.freeze({
      engine: 'hardware',
      device: deviceName(engine),
      emulated: isEmulated(engine),
    });
  }

  /** Records a fallback: reason, event, counters; drops the engine when the device is gone. */
  protected noteFallback(error: unknown, direction: 'compress' | 'decompress'): void {
    const reason = reasonOf(error);
    this.reason = reason;
    this.info = SOFTWARE_INFO;
    reportFallback({
      operation: 'stream',
      format: this.format,
      direction,
      reason,
      error,
      bytesCompleted: this.hardwareIn,
    });
    if (this.engineInUse && isDeviceLoss(error)) engineLost(this.engineInUse, error);
    this.closeSession();
  }

  /** Pushes hardware output in slices of at most `chunkSize` (views, no copies); returns the bytes pushed. */
  protected pushBytes(pieces: readonly Uint8Array[]): number {
    const size = this.#chunkSize;
    let length = 0;
    for (const piece of pieces) {
      length += piece.length;
      for (let offset = 0; offset < piece.length; offset += size) {
        this.push(
          Buffer.from(piece.buffer, piece.byteOffset + offset, Math.min(size, piece.length - offset)),
        );
      }
    }
    return length;
  }

  protected closeSession(): void {
    const session = this.session;
    this.session = undefined;
    if (!session) return;
    try {
      Promise.resolve(session.close()).catch(() => {});
    } catch {
      // A session on a lost device may fail to close; its queue is reclaimed with the engine.
    }
  }
}
