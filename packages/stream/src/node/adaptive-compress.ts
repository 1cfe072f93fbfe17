// SPDX-License-Identifier: Apache-2.0
// A compression stream that may run on hardware and continues in software if the hardware fails.
//
// Life of a stream:
//   deciding ──(first `hardwareThreshold` bytes, a flush or the end)──► software (node:zlib, whole format)
//       │
//       └──► hardware: a zip session in the stream's own format (zip writes header, blocks and
//            trailer); input is sent in requests of at least 64 KiB (and more than one write)
//            ending with a sync flush; a stream whose whole input arrives before any request is
//            one block request at the end, so it ends exactly as the one-shot functions do.
//              │  on any failure (error, timeout, lost queue)
//              └──► continuation: raw deflate in software from zip's hand-over (header still to
//                   write, last 32 KiB of input as dictionary), fed the input of the failed
//                   request first; the trailer comes from the hand-over.
//
// Every chunk held across an asynchronous step is a copy taken at write time, so a caller's
// buffer that is reused or detached after write() never reaches the device or the continuation.

import type { TransformCallback } from 'node:stream';
import { finished } from 'node:stream/promises';
import zlib from 'node:zlib';
import { deviceName, unavailableReason, whenEngine } from '../hardware/engine-state';
import { reasonOf } from '../hardware/fallback-reason';
import { track } from '../hardware/load';
import { route, thresholdOf } from '../hardware/route';
import { withTimeout } from '../hardware/timeout';
import type { ZipEngine, ZipFlush, ZipSession } from '../hardware/zip-types';
import { concatBytes } from '../internal/bytes';
import type { Kind } from '../internal/kinds';
import { countRequest } from '../metrics';
import { type Engine, type Format, HARDWARE_REQUEST_SIZE, type ZlibOptions } from '../options';
import { AdaptiveStream } from './adaptive-stream';
import { type FlushKind, FlushMarkers } from './flush-markers';
import { reportSelection } from './report';
import { NODE_CLASSES, type ZlibStream } from './software';

type Mode = 'deciding' | 'hardware' | 'software' | 'continuation';
type Handover = ReturnType<ZipSession['handOver']>;

/** A node:zlib-shaped compression Transform that selects its engine and falls back to software. */
export class AdaptiveCompressor extends AdaptiveStream {
  #kind: Kind;
  #mode: Mode = 'deciding';
  #pending: Uint8Array[] = [];
  #pendingBytes = 0;
  #inner: ZlibStream | undefined;
  /** True once a request went to the session (the end is then a session 'finish', not a block). */
  #streaming = false;
  #handover: Handover | undefined;

  constructor(kind: Kind, format: Format, requested: Engine, options: ZlibOptions | undefined) {
    super(kind, format, requested, options);
    this.#kind = kind;
    thresholdOf(requested, options); // validates the option now, as node:zlib validates its own
  }

  /** Changes level and strategy: applied by software; the hardware keeps the level it started with. */
  params(level: number, strategy: number, callback?: () => void): void {
    this.options.level = level;
    this.options.strategy = strategy;
    if (this.#inner) (this.#inner as unknown as AdaptiveCompressor).params(level, strategy, callback);
    else if (callback) process.nextTick(callback);
  }

  protected override transformChunk(
    chunk: Buffer,
    _encoding: BufferEncoding,
    callback: TransformCallback,
  ): void {
    const flush = FlushMarkers.kindOf(chunk);
    if (flush !== undefined) return void this.run(() => this.#flushNow(flush), callback);
    this.total += chunk.length;
    if (this.#mode === 'software') return void this.#inner!.write(chunk, callback);
    if (this.#mode === 'continuation') {
      this.#handover!.update(chunk);
      return void this.#inner!.write(chunk, callback);
    }
    // A request goes out once it is large enough and holds more than one write: the first write
    // waits for a second, so a stream of one chunk ends in one block request.
    const full = this.#pendingBytes > 0 && this.#pendingBytes + chunk.length >= HARDWARE_REQUEST_SIZE;
    this.#hold(chunk);
    if (this.#mode === 'hardware' && full) return void this.run(() => this.#submit('sync'), callback);
    // node:zlib's `flush` option: every write ends with that flush (e.g. Z_SYNC_FLUSH for events).
    const perWrite = this.options.flush;
    if (perWrite !== undefined && perWrite !== zlib.constants.Z_NO_FLUSH) {
      return void this.run(() => this.#flushNow(perWrite, true), callback);
    }
    if (this.#mode === 'deciding' && this.#pendingBytes >= thresholdOf(this.requested, this.options)) {
      return void this.run(() => this.#decide(), callback);
    }
    callback();
  }

  protected override finishStream(callback: TransformCallback): void {
    void this.run(() => this.#finish(), callback);
  }

  protected destroyInner(): void {
    this.#inner?.destroy();
  }

  /** A new stream (reset()): unflushed input and the engine's state are dropped, as deflateReset does. */
  protected restart(): void {
    this.#inner?.destroy();
    this.#inner = undefined;
    this.forgetEngine();
    this.#mode = 'deciding';
    this.#pending = [];
    this.#pendingBytes = 0;
    this.#streaming = false;
    this.#handover = undefined;
  }

  /** Keeps a copy of `chunk` (the caller may reuse or detach its buffer once write() returns). */
  #hold(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.#pending.push(Uint8Array.prototype.slice.call(chunk));
    this.#pendingBytes += chunk.length;
  }

  async #decide(): Promise<void> {
    const engine = await whenEngine(this.requested === 'hardware');
    const noDevice = unavailableReason() ?? 'no-device';
    const { format, options } = this;
    const decision = route(this.requested, engine, format, 'compress', options, this.#pendingBytes, noDevice);
    let session: ZipSession | undefined;
    let reason: string | undefined = decision.reason;
    if (decision.engine) {
      try {
        session = decision.engine.createCompressSession({ format, level: options.level });
      } catch (error) {
        reason = reasonOf(error);
      }
    }
    const device = session && engine ? deviceName(engine) : undefined;
    const engineServed = session ? 'hardware' : 'software';
    reportSelection({
      operation: 'stream',
      format,
      direction: 'compress',
      engine: engineServed,
      reason,
      device,
    });
    if (session && engine) {
      this.useHardware(engine, session);
      this.#mode = 'hardware';
    } else await this.#startSoftware(reason);
  }

  async #startSoftware(reason: string | undefined): Promise<void> {
    this.reason = reason;
    this.#mode = 'software';
    // Counted by this stream, so the inner stream is node:zlib's own class, not our subclass.
    this.#inner = this.#attach(new NODE_CLASSES[this.#kind](this.options as zlib.ZlibOptions));
    await this.#drainPending();
  }

  #attach(inner: ZlibStream): ZlibStream {
    inner.on('data', (data: Buffer) => this.push(data));
    inner.on('error', (error: Error) => this.destroy(error));
    return inner;
  }

  #writeInner(bytes: Uint8Array): Promise<void> {
    return new Promise<void>((resolve) => this.#inner!.write(bytes, () => resolve()));
  }

  async #drainPending(): Promise<void> {
    const pending = this.#pending;
    this.#pending = [];
    this.#pendingBytes = 0;
    if (pending.length === 0) return;
    for (const chunk of pending) this.#handover?.update(chunk);
    await this.#writeInner(concatBytes(pending));
  }

  /** One session request over what is pending; on failure the stream continues in software. */
  #submit(flush: ZipFlush): Promise<void> {
    const input = concatBytes(this.#pending, this.#pendingBytes);
    if (input.length === 0 && flush !== 'finish') return Promise.resolve();
    const session = this.session as ZipSession;
    this.#streaming = true;
    return this.#send(input, () => session.write(input, flush));
  }

  /** The whole stream in one block request: the one-shot functions' path, so the same bytes. */
  #compressWhole(engine: ZipEngine): Promise<void> {
    const input = concatBytes(this.#pending, this.#pendingBytes);
    const { level, windowBits } = this.options;
    return this.#send(input, async () => [await engine.compress(this.format, input, { level, windowBits })]);
  }

  /** Runs a hardware request over the pending `input` and pushes its output; a failure falls back. */
  async #send(input: Uint8Array, request: () => Promise<Uint8Array[]>): Promise<void> {
    let output: Uint8Array[];
    try {
      countRequest();
      output = await withTimeout(track(request), this.timeout());
    } catch (error) {
      // The input of the failed request is still pending: the continuation starts with it.
      return this.#fallBack(error);
    }
    this.#pending = [];
    this.#pendingBytes = 0;
    this.hardwareIn += input.length;
    this.hardwareOut += this.pushBytes(output);
  }

  async #fallBack(error: unknown): Promise<void> {
    const handover = (this.session as ZipSession).handOver();
    this.noteFallback(error, 'compress');
    this.#handover = handover;
    this.#mode = 'continuation';
    if (handover.header.length > 0) this.push(Buffer.from(handover.header));
    const { level, memLevel, strategy } = this.options;
    const dictionary = handover.history.length > 0 ? handover.history : undefined;
    this.#inner = this.#attach(
      zlib.createDeflateRaw({ level, memLevel, strategy, dictionary, flush: this.options.flush }),
    );
    if (handover.unflushed.length > 0) await this.#writeInner(handover.unflushed);
    await this.#drainPending();
  }

  /** Flushes with `kind`; `perWrite` for the `flush` option, which software inner streams apply themselves. */
  async #flushNow(kind: FlushKind, perWrite = false): Promise<void> {
    if (this.#mode === 'deciding') await this.#decide();
    if (this.#mode === 'hardware') {
      if (kind !== zlib.constants.Z_NO_FLUSH)
        await this.#submit(kind === zlib.constants.Z_FULL_FLUSH ? 'full' : 'sync');
      if (this.#mode === 'hardware') return;
    }
    if (perWrite) return;
    await new Promise<void>((resolve) => this.#inner!.flush(kind, () => resolve()));
  }

  async #finish(): Promise<void> {
    if (this.#mode === 'deciding') await this.#decide();
    if (this.#mode === 'hardware') {
      if (this.#streaming || this.#pendingBytes === 0) await this.#submit('finish');
      else await this.#compressWhole(this.engineInUse as ZipEngine);
    }
    if (this.#mode === 'hardware') return this.closeSession();
    const inner = this.#inner!;
    inner.end();
    await finished(inner);
    if (this.#mode === 'continuation') this.push(Buffer.from(this.#handover!.trailer()));
  }
}
