// SPDX-License-Identifier: Apache-2.0
// What the adaptive (hardware-capable) compression and decompression streams share: node:zlib's
// stream surface (flush, close, bytesWritten), engine reporting and the per-stream counters.
import { finished, Transform, type TransformCallback } from 'node:stream';
import zlib from 'node:zlib';
import { engineLost, isEmulated } from '../hardware/engine-state';
import { isDeviceLoss, reasonOf } from '../hardware/fallback-reason';
import type { ZipEngine, ZipSession } from '../hardware/zip-types';
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
import { deviceName } from './one-shot';
import { reportFallback } from './report';
import type { EngineInfo, EngineReporting } from './software';

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
  protected session: ZipSession | undefined;
  /** Input bytes accepted. */
  protected total = 0;
  /** Output bytes pushed. */
  protected produced = 0;
  /** Bytes in and out that the hardware served (metrics for streams that fell back). */
  protected hardwareIn = 0;
  protected hardwareOut = 0;

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
    validateZlibOptions(
      options as Record<string, unknown> | undefined,
      kind !== 'gzip' && kind !== 'deflate' && kind !== 'deflateRaw',
    );
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
    if (this.info.engine === 'hardware') countStream('hardware', this.total, this.produced);
    else {
      countBytes('hardware', this.hardwareIn, this.hardwareOut);
      countStream('software', this.total - this.hardwareIn, this.produced - this.hardwareOut);
    }
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

  protected useHardware(engine: ZipEngine, session: ZipSession): void {
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

  protected pushBytes(pieces: readonly Uint8Array[]): number {
    let length = 0;
    for (const piece of pieces) {
      length += piece.length;
      this.push(Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength));
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
