// SPDX-License-Identifier: Apache-2.0
// A compression stream that may run on hardware and continues in software if the hardware fails.
//
// Life of a stream:
//   deciding ──(first `hardwareThreshold` bytes, a flush or the end)──► software (node:zlib, whole format)
//       │
//       └──► hardware: we write the header; every request goes to the device as raw deflate ending
//            with a sync flush, so the output so far is byte-aligned and complete
//              │  on any failure (error, timeout, lost queue)
//              └──► continuation: raw deflate in software, primed with the last 32 KiB of input
//                   as dictionary, fed the input of the failed request first
//   The end: a final empty block after hardware output, then our trailer.
//
// The running CRC-32/Adler-32 and ISIZE cover every input byte once whichever engine compressed
// it, so the result is one valid stream; the input of a request is kept until its output is pushed.

import type { TransformCallback } from 'node:stream';
import { finished } from 'node:stream/promises';
import zlib from 'node:zlib';
import { adler32 } from '@uacce/abi';
import { unavailableReason, whenEngine } from '../hardware/engine-state';
import { reasonOf } from '../hardware/fallback-reason';
import { track } from '../hardware/load';
import { route, thresholdOf } from '../hardware/route';
import { withTimeout } from '../hardware/timeout';
import type { ZipEngine, ZipSession } from '../hardware/zip-types';
import { concatBytes } from '../internal/bytes';
import { FINAL_EMPTY_BLOCK, headerOf, initialCheck, trailerOf } from '../internal/framing';
import type { Kind } from '../internal/kinds';
import { countRequest } from '../metrics';
import type { Engine, Format, ZlibOptions } from '../options';
import { AdaptiveStream } from './adaptive-stream';
import { type FlushKind, FlushMarkers } from './flush-markers';
import { deviceName } from './one-shot';
import { reportSelection } from './report';
import { NODE_CLASSES, type ZlibStream } from './software';

const WINDOW = 32 * 1024;
/** Input per hardware request once on hardware (the device pays off with large blocks). */
export const REQUEST_SIZE = 64 * 1024;

type Mode = 'deciding' | 'hardware' | 'software' | 'continuation';

/** A node:zlib-shaped compression Transform that selects its engine and falls back to software. */
export class AdaptiveCompressor extends AdaptiveStream {
  #kind: Kind;
  #mode: Mode = 'deciding';
  #pending: Uint8Array[] = [];
  #pendingBytes = 0;
  #inner: ZlibStream | undefined;
  #check: number;
  #history: Uint8Array = new Uint8Array(0);

  constructor(kind: Kind, format: Format, requested: Engine, options: ZlibOptions | undefined) {
    super(kind, format, requested, options);
    this.#kind = kind;
    this.#check = initialCheck(format);
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
      this.#account(chunk);
      return void this.#inner!.write(chunk, callback);
    }
    if (this.#mode === 'hardware') this.#account(chunk);
    this.#pending.push(chunk);
    this.#pendingBytes += chunk.length;
    // node:zlib's `flush` option: every write ends with that flush (e.g. Z_SYNC_FLUSH for events).
    const perWrite = this.options.flush;
    if (perWrite !== undefined && perWrite !== zlib.constants.Z_NO_FLUSH) {
      return void this.run(() => this.#flushNow(perWrite, true), callback);
    }
    if (this.#mode === 'deciding' && this.#pendingBytes >= thresholdOf(this.requested, this.options)) {
      return void this.run(() => this.#decide(), callback);
    }
    if (this.#mode === 'hardware' && this.#pendingBytes >= REQUEST_SIZE) {
      return void this.run(() => this.#submit('sync'), callback);
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
    this.#check = initialCheck(this.format);
    this.#history = new Uint8Array(0);
  }

  /** Running CRC-32 (gzip) or Adler-32 (zlib) over the input; raw deflate has no trailer. */
  #account(chunk: Uint8Array): void {
    if (this.format === 'gzip') this.#check = zlib.crc32(chunk, this.#check);
    else if (this.format === 'zlib') this.#check = adler32(chunk, this.#check);
  }

  async #decide(): Promise<void> {
    const engine = await whenEngine(this.requested === 'hardware');
    const noDevice = unavailableReason() === 'device-lost' ? 'device-lost' : 'no-device';
    const decision = route(
      this.requested,
      engine,
      this.format,
      'compress',
      this.options,
      this.#pendingBytes,
      noDevice,
    );
    let session: ZipSession | undefined;
    let reason: string | undefined = decision.reason;
    if (decision.engine) {
      try {
        session = decision.engine.createCompressSession({ format: 'deflate-raw', level: this.options.level });
      } catch (error) {
        reason = reasonOf(error);
      }
    }
    const device = session && engine ? deviceName(engine) : undefined;
    const served = session ? 'hardware' : 'software';
    reportSelection({
      operation: 'stream',
      format: this.format,
      direction: 'compress',
      engine: served,
      reason,
      device,
    });
    if (session && engine) this.#startHardware(engine, session);
    else await this.#startSoftware(reason);
  }

  #startHardware(engine: ZipEngine, session: ZipSession): void {
    this.useHardware(engine, session);
    this.#mode = 'hardware';
    for (const chunk of this.#pending) this.#account(chunk);
    this.push(Buffer.from(headerOf(this.format, this.options.level, this.options.strategy)));
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

  async #drainPending(): Promise<void> {
    const pending = this.#pending;
    this.#pending = [];
    this.#pendingBytes = 0;
    if (pending.length === 0) return;
    await new Promise<void>((resolve) => this.#inner!.write(concatBytes(pending), () => resolve()));
  }

  async #submit(flush: 'sync' | 'full'): Promise<void> {
    const input = concatBytes(this.#pending, this.#pendingBytes);
    if (input.length === 0) return;
    let output: Uint8Array[];
    try {
      countRequest();
      output = await withTimeout(
        track(() => this.session!.write(input, flush)),
        this.timeout(),
      );
    } catch (error) {
      // The input of the failed request is still in #pending: software starts with it.
      return this.#fallBack(error);
    }
    this.#pending = [];
    this.#pendingBytes = 0;
    this.#remember(input);
    this.hardwareIn += input.length;
    this.hardwareOut += this.pushBytes(output);
  }

  /** Keeps the last 32 KiB of input whose compressed form is out: the software dictionary. */
  #remember(input: Uint8Array): void {
    const joined = input.length >= WINDOW ? input : concatBytes([this.#history, input]);
    this.#history = joined.slice(Math.max(0, joined.length - WINDOW));
  }

  async #fallBack(error: unknown): Promise<void> {
    this.noteFallback(error, 'compress');
    this.#mode = 'continuation';
    const { level, memLevel, strategy } = this.options;
    const dictionary = this.#history.length > 0 ? this.#history : undefined;
    this.#inner = this.#attach(
      zlib.createDeflateRaw({ level, memLevel, strategy, dictionary, flush: this.options.flush }),
    );
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
    if (this.#mode === 'hardware') await this.#submit('sync');
    if (this.#mode === 'hardware') {
      this.closeSession();
      this.push(Buffer.from(FINAL_EMPTY_BLOCK));
    } else {
      const inner = this.#inner!;
      // node:zlib's inflaters may have ended on their own (end of stream seen): finished() covers both.
      inner.end();
      await finished(inner);
    }
    if (this.#mode !== 'software') this.push(Buffer.from(trailerOf(this.format, this.#check, this.streamIn)));
  }
}
