// SPDX-License-Identifier: Apache-2.0
// A decompression stream that may run on hardware and continues in software if the hardware fails.
//
// Strategy: a compressed stream cannot be resumed mid-way by another inflater (its state, the
// window and the bit position, lives in the device), so while on hardware we keep the compressed
// input since the start of the stream (gzip: every member) and count the output already
// pushed. On any hardware failure, software inflates the kept input from the stream's start,
// drops as many output bytes as were already pushed, and carries on with the rest of the input.
// The output is therefore exactly what software alone would have produced. The kept input is
// bounded by `fallbackRetainLimit` (default 8 MiB); past it a failure destroys the stream with the
// hardware's typed error instead of emitting wrong bytes. Input errors (bad data, truncation) are
// also replayed, so the error reported is node:zlib's own, with its code.

import type { TransformCallback } from 'node:stream';
import { finished } from 'node:stream/promises';
import zlib from 'node:zlib';
import { UacceDeviceError, ZlibDataError } from '@uacce/abi';
import { deviceName, unavailableReason, whenEngine } from '../hardware/engine-state';
import { reasonOf } from '../hardware/fallback-reason';
import { track } from '../hardware/load';
import { route, thresholdOf } from '../hardware/route';
import { withTimeout } from '../hardware/timeout';
import type { ZipDecompressSession, ZipEngine, ZipFlush } from '../hardware/zip-types';
import { concatBytes, detectFormat } from '../internal/bytes';
import type { Kind } from '../internal/kinds';
import { countRequest } from '../metrics';
import {
  DEFAULT_FALLBACK_RETAIN_LIMIT,
  type Engine,
  type Format,
  HARDWARE_REQUEST_SIZE,
  sizeOption,
  type ZlibOptions,
} from '../options';
import { AdaptiveStream } from './adaptive-stream';
import { type FlushKind, FlushMarkers } from './flush-markers';
import { reportSelection } from './report';
import { NODE_CLASSES, nodeOptions, type ZlibStream } from './software';

function mismatch(): UacceDeviceError {
  return new UacceDeviceError(
    'ERR_UACCE_BAD_COMPLETION',
    'the output the device returned before it failed does not match a software replay of the same input',
  );
}

type Mode = 'deciding' | 'hardware' | 'software' | 'done';
type ReplayCheck = ReturnType<ZipDecompressSession['outputCheck']>;

const NODE_CLASS_OF_FORMAT: Readonly<Record<Format, Kind>> = {
  gzip: 'gunzip',
  zlib: 'inflate',
  'deflate-raw': 'inflateRaw',
};

/** A node:zlib-shaped decompression Transform that selects its engine and falls back to software. */
export class AdaptiveDecompressor extends AdaptiveStream {
  #kind: Kind;
  /** The format before Unzip detected one (a reset detects again). */
  #initialFormat: Format;
  #mode: Mode = 'deciding';
  #pending: Uint8Array[] = [];
  #pendingBytes = 0;
  #kept: Uint8Array[] = [];
  #keptBytes = 0;
  #keptOverflow = false;
  #inner: ZlibStream | undefined;
  #chain: Promise<void> = Promise.resolve();
  #idleScheduled = false;
  /** zip's checksum of the output pushed so far (after the last write that resolved). */
  #pushedCheck = 0;

  constructor(kind: Kind, format: Format, requested: Engine, options: ZlibOptions | undefined) {
    super(kind, format, requested, options);
    this.#kind = kind;
    this.#initialFormat = format;
    thresholdOf(requested, options);
    sizeOption('fallbackRetainLimit', options?.fallbackRetainLimit, DEFAULT_FALLBACK_RETAIN_LIMIT);
  }

  protected override transformChunk(
    chunk: Buffer,
    _encoding: BufferEncoding,
    callback: TransformCallback,
  ): void {
    const flush = FlushMarkers.kindOf(chunk);
    if (flush !== undefined) return void this.run(() => this.#queue(() => this.#flushNow(flush)), callback);
    this.total += chunk.length;
    if (this.#mode === 'software') return void this.#inner!.write(chunk, callback);
    if (this.#mode === 'done') {
      callback();
      return;
    }
    if (this.#mode === 'hardware') this.#keep(chunk);
    this.#pending.push(chunk);
    this.#pendingBytes += chunk.length;
    const full =
      this.#mode === 'deciding'
        ? this.#pendingBytes >= thresholdOf(this.requested, this.options)
        : this.#pendingBytes >= HARDWARE_REQUEST_SIZE;
    if (full) return void this.run(() => this.#queue(() => this.#advance()), callback);
    // Not enough to decide or to fill a request: accept more now, and if nothing else arrives in
    // this turn of the event loop, go on with what there is (node:zlib's inflaters emit what they
    // can decode at once; a trickle of compressed input must not wait for 64 KiB).
    callback();
    this.#scheduleIdle();
  }

  protected override finishStream(callback: TransformCallback): void {
    void this.run(() => this.#queue(() => this.#finish()), callback);
  }

  /**
   * A new stream (reset()). node:zlib has inflated every chunk by the time its write calls back,
   * so the input still pending here is inflated first (its output stays), then the state goes.
   */
  protected restart(): Promise<void> {
    return this.#queue(async () => {
      if (this.#mode === 'deciding' && this.#pendingBytes > 0) await this.#decide();
      if (this.#mode === 'hardware' && this.#pendingBytes > 0) await this.#submit('sync');
      this.#inner?.destroy();
      this.#inner = undefined;
      this.forgetEngine();
      this.#mode = 'deciding';
      this.format = this.#initialFormat;
      this.#pending = [];
      this.#pendingBytes = 0;
      this.#kept = [];
      this.#keptBytes = 0;
      this.#keptOverflow = false;
      this.#pushedCheck = 0;
    });
  }

  /** Runs `step` after every step queued before it (decisions and requests stay in input order). */
  #queue(step: () => Promise<void>): Promise<void> {
    const next = this.#chain.then(step);
    this.#chain = next.catch(() => {}); // whoever awaits `next` reports its error
    return next;
  }

  #scheduleIdle(): void {
    if (this.#idleScheduled) return;
    this.#idleScheduled = true;
    setImmediate(() => {
      this.#idleScheduled = false;
      if (this.destroyed || this.#pendingBytes === 0) return;
      this.#queue(() => this.#advance()).catch((error: Error) => this.destroy(error));
    });
  }

  /** Decides the engine if not yet done, then sends what is pending to the device. */
  async #advance(): Promise<void> {
    // Unzip tells gzip from zlib by two bytes: wait for them (the end decides with what there is).
    if (this.#kind === 'unzip' && this.#mode === 'deciding' && this.#pendingBytes < 2) return;
    if (this.#mode === 'deciding' && this.#pendingBytes > 0) await this.#decide();
    if (this.#mode === 'hardware' && this.#pendingBytes > 0) await this.#submit('none');
  }

  protected destroyInner(): void {
    this.#inner?.destroy();
  }

  #keep(chunk: Uint8Array): void {
    if (this.#keptOverflow) return;
    this.#keptBytes += chunk.length;
    const limit = sizeOption(
      'fallbackRetainLimit',
      this.options.fallbackRetainLimit,
      DEFAULT_FALLBACK_RETAIN_LIMIT,
    );
    if (this.#keptBytes > limit) {
      this.#keptOverflow = true;
      this.#kept = [];
    } else this.#kept.push(chunk);
  }

  #startKeeping(first: Uint8Array): void {
    this.#kept = [];
    this.#keptBytes = 0;
    this.#keptOverflow = false;
    if (first.length > 0) this.#keep(first);
  }

  async #decide(): Promise<void> {
    const engine = await whenEngine(this.requested === 'hardware');
    const pending = concatBytes(this.#pending, this.#pendingBytes);
    if (this.#kind === 'unzip' && pending.length >= 2) this.format = detectFormat(pending);
    const noDevice = unavailableReason() ?? 'no-device';
    const decision = route(
      this.requested,
      engine,
      this.format,
      'decompress',
      this.options,
      pending.length,
      noDevice,
    );
    let session: ZipDecompressSession | undefined;
    let reason: string | undefined = decision.reason;
    if (decision.engine) {
      try {
        session = this.#openSession(decision.engine);
      } catch (error) {
        reason = reasonOf(error);
      }
    }
    const device = session && engine ? deviceName(engine) : undefined;
    const served = session ? 'hardware' : 'software';
    reportSelection({
      operation: 'stream',
      format: this.format,
      direction: 'decompress',
      engine: served,
      reason,
      device,
    });
    if (session && engine) {
      this.useHardware(engine, session);
      this.#mode = 'hardware';
      this.#pushedCheck = session.progress.checksum;
      this.#startKeeping(pending);
      return;
    }
    this.reason = reason;
    await this.#startSoftware(pending, 0);
  }

  #openSession(engine: ZipEngine): ZipDecompressSession {
    return engine.createDecompressSession({ format: this.format });
  }

  /**
   * Software from here on: inflates `input`, then the rest. The first `skip` output bytes were
   * already pushed from hardware: they are dropped, after checking they match (CRC-32) what was
   * pushed; if they do not, the device returned wrong bytes and the stream fails with
   * ERR_UACCE_BAD_COMPLETION rather than go on from a wrong prefix.
   */
  async #startSoftware(input: Uint8Array, skip: number, check?: ReplayCheck): Promise<void> {
    this.#mode = 'software';
    this.#pending = [];
    this.#pendingBytes = 0;
    const kind = skip === 0 && this.#kind === 'unzip' ? 'unzip' : NODE_CLASS_OF_FORMAT[this.format];
    const inner = new NODE_CLASSES[kind](nodeOptions('decompress', this.options) as zlib.ZlibOptions);
    let toSkip = skip;
    const expected = this.#pushedCheck;
    inner.on('data', (data: Buffer) => {
      if (toSkip > 0) {
        const dropped = data.subarray(0, toSkip);
        check?.add(dropped);
        toSkip -= dropped.length;
        if (toSkip === 0 && check && check.value !== expected) return void this.destroy(mismatch());
        if (dropped.length === data.length) return;
        data = data.subarray(dropped.length);
      }
      this.push(data);
    });
    inner.on('error', (error: Error) => this.destroy(error));
    this.#inner = inner;
    if (input.length > 0) await new Promise<void>((resolve) => inner.write(input, () => resolve()));
  }

  async #submit(flush: ZipFlush): Promise<void> {
    const input = concatBytes(this.#pending, this.#pendingBytes);
    this.#pending = [];
    this.#pendingBytes = 0;
    const session = this.session as ZipDecompressSession;
    let output: Uint8Array[];
    try {
      countRequest();
      output = await withTimeout(
        track(() => session.write(input, flush)),
        this.timeout(),
      );
    } catch (error) {
      return this.#fallBack(error);
    }
    this.hardwareIn += input.length;
    this.#pushedCheck = session.progress.checksum;
    this.hardwareOut += this.pushBytes(output);
    this.#afterWrite(session);
  }

  /**
   * After a complete stream (zip has checked its trailer against the output). gzip sessions go on
   * by themselves with the next member (node:zlib's rule: a non-zero byte after a member starts
   * another); zlib and raw streams are done: node:zlib ignores whatever follows them.
   */
  #afterWrite(session: ZipDecompressSession): void {
    if (!session.ended || this.format === 'gzip') return;
    this.closeSession();
    this.#mode = 'done';
    this.#kept = [];
  }

  /** Software replays the kept input; the output already pushed is checked against zip's checksum. */
  async #fallBack(error: unknown): Promise<void> {
    const check = (this.session as ZipDecompressSession).outputCheck();
    this.noteFallback(error, 'decompress');
    if (this.#keptOverflow) throw error;
    await this.#startSoftware(concatBytes(this.#kept, this.#keptBytes), this.hardwareOut, check);
    this.#kept = [];
  }

  async #flushNow(kind: FlushKind): Promise<void> {
    if (this.#mode === 'deciding') await this.#decide();
    if (this.#mode === 'hardware' && this.#pendingBytes > 0)
      await this.#submit(kind === zlib.constants.Z_NO_FLUSH ? 'none' : 'sync');
    if (this.#mode === 'software')
      await new Promise<void>((resolve) => this.#inner!.flush(kind, () => resolve()));
  }

  async #finish(): Promise<void> {
    if (this.#mode === 'deciding') await this.#decide();
    if (this.#mode === 'hardware') {
      const session = this.session as ZipDecompressSession;
      // 'finish' says the input is complete: a stream that has not ended is Z_BUF_ERROR, which
      // software replays to report (and produce the partial output) exactly as node:zlib does.
      await this.#submit('finish');
      if (this.#mode === 'hardware' && !session.ended) {
        await this.#fallBack(new ZlibDataError('Z_BUF_ERROR', 'unexpected end of file'));
      }
    }
    if (this.#mode !== 'software') return;
    const inner = this.#inner!;
    // node:zlib's inflaters may have ended on their own (end of stream seen): finished() covers both.
    inner.end();
    await finished(inner);
  }
}
