// SPDX-License-Identifier: Apache-2.0
// An in-process stand-in for @uacce/zip's engine (same structural interface), built on zlib/pako,
// with scriptable faults. It lets the stream layer's selection and fallback logic be tested
// deterministically on every machine; the emulator tests run the real engine.
import { HardwareStatusError, UacceDeviceError, ZlibDataError } from '@uacce/abi';
import { CompressHandover, RunningCheck } from '@uacce/zip';
import * as pako from 'pako';
import type { ZipDecompressSession, ZipEngine, ZipFlush, ZipSession } from '../../src/hardware/zip-types';
import type { Format } from '../../src/options';

/** What goes wrong, and when (counted in session writes across the engine). */
export type FaultKind =
  | 'timeout-error'
  | 'stall'
  | 'queue-lost'
  | 'hw-status'
  | 'device-isolated'
  | 'transport';

export interface FakeEngineOptions {
  /** Fail the write with this index (0-based, counted over all sessions), with `fault`. */
  failAt?: number;
  fault?: FaultKind;
  /** Throw ERR_UACCE_QUEUE_FULL from createXSession (every queue busy). */
  busy?: boolean;
  formats?: readonly Format[];
}

const WINDOW_BITS: Record<Format, number> = { 'deflate-raw': -15, zlib: 15, gzip: 31 };

function faultError(kind: FaultKind): Error {
  switch (kind) {
    case 'timeout-error':
      return new UacceDeviceError('ERR_UACCE_TIMEOUT', 'fake: request timed out');
    case 'queue-lost':
      return new UacceDeviceError('ERR_UACCE_QUEUE_CLOSED', 'fake: queue lost');
    case 'device-isolated':
      return new UacceDeviceError('ERR_UACCE_DEVICE_ISOLATED', 'fake: device isolated');
    case 'transport':
      return new UacceDeviceError('ERR_UACCE_TRANSPORT', 'fake: emulator gone');
    default:
      return new HardwareStatusError(0x0e, 'BAD_FORMAT');
  }
}

export class FakeEngine implements ZipEngine {
  readonly device = 'fake_zip-0';
  readonly emulated = true;
  writes = 0;
  sessionsOpen = 0;
  closed = false;
  #options: FakeEngineOptions;

  constructor(options: FakeEngineOptions = {}) {
    this.#options = options;
  }

  supports(format: Format): boolean {
    return (this.#options.formats ?? ['deflate-raw', 'zlib', 'gzip']).includes(format);
  }

  /** Throws or stalls when this write is the scripted one. */
  async step(): Promise<void> {
    const index = this.writes++;
    if (index !== this.#options.failAt) return;
    if (this.#options.fault === 'stall') await new Promise(() => {});
    throw faultError(this.#options.fault ?? 'hw-status');
  }

  async compress(format: Format, input: Uint8Array, options?: { level?: number }): Promise<Buffer> {
    await this.step();
    return this.compressSync(format, input, options, false);
  }
  async decompress(
    format: Format,
    input: Uint8Array,
    options?: { maxOutputLength?: number },
  ): Promise<Buffer> {
    await this.step();
    return this.decompressSync(format, input, options, false);
  }
  compressSync(format: Format, input: Uint8Array, options?: { level?: number }, count = true): Buffer {
    if (count && this.writes++ === this.#options.failAt) throw faultError(this.#options.fault ?? 'hw-status');
    return Buffer.from(
      pako.deflate(input, { level: (options?.level ?? 6) as 6, windowBits: WINDOW_BITS[format] }),
    );
  }
  decompressSync(
    format: Format,
    input: Uint8Array,
    options?: { maxOutputLength?: number },
    count = true,
  ): Buffer {
    if (count && this.writes++ === this.#options.failAt) throw faultError(this.#options.fault ?? 'hw-status');
    const out = Buffer.concat(new FakeDecompressSession(this, format, false).run(input, 'finish'));
    if (options?.maxOutputLength !== undefined && out.length > options.maxOutputLength) {
      throw new ZlibDataError('ERR_BUFFER_TOO_LARGE', 'fake: output too large');
    }
    return out;
  }

  createCompressSession(options: { format: Format; level?: number }): ZipSession {
    if (this.#options.busy) throw new UacceDeviceError('ERR_UACCE_QUEUE_FULL', 'fake: every queue busy');
    return new FakeCompressSession(this, options.format, options.level);
  }
  createDecompressSession(options: { format: Format }): ZipDecompressSession {
    if (this.#options.busy) throw new UacceDeviceError('ERR_UACCE_QUEUE_FULL', 'fake: every queue busy');
    return new FakeDecompressSession(this, options.format, true);
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

const HEADER_LENGTH: Record<Format, number> = { 'deflate-raw': 0, zlib: 2, gzip: 10 };

class FakeCompressSession implements ZipSession {
  #engine: FakeEngine;
  #deflate: pako.Deflate;
  #out: Uint8Array[] = [];
  #header: Uint8Array;
  #delivered = false;
  #check: RunningCheck;
  #history: Uint8Array = new Uint8Array(0);

  constructor(engine: FakeEngine, format: Format, level: number | undefined) {
    engine.sessionsOpen++;
    this.#engine = engine;
    this.#deflate = new pako.Deflate({ level: (level ?? 6) as 6, windowBits: WINDOW_BITS[format] });
    this.#deflate.onData = (chunk) => this.#out.push(chunk);
    const empty = pako.deflate(new Uint8Array(0), {
      level: (level ?? 6) as 6,
      windowBits: WINDOW_BITS[format],
    });
    this.#header = empty.slice(0, HEADER_LENGTH[format]);
    this.#check = new RunningCheck(format);
  }

  /** What zip's sessions hand over: here from what the resolved writes took. */
  handOver(): CompressHandover {
    const header = this.#delivered ? new Uint8Array(0) : this.#header;
    return new CompressHandover(header, this.#history, new Uint8Array(0), this.#check.clone());
  }

  async write(chunk: Uint8Array, flush: ZipFlush): Promise<Uint8Array[]> {
    await this.#engine.step();
    const out = this.#push(chunk, flush);
    if (out.length > 0) this.#delivered = true;
    this.#check.add(chunk);
    const joined = Buffer.concat([this.#history, chunk]);
    this.#history = joined.subarray(Math.max(0, joined.length - 32 * 1024));
    return out;
  }

  #push(chunk: Uint8Array, flush: ZipFlush): Uint8Array[] {
    const mode =
      flush === 'finish'
        ? pako.Z_FINISH
        : flush === 'full'
          ? pako.Z_FULL_FLUSH
          : flush === 'sync'
            ? pako.Z_SYNC_FLUSH
            : pako.Z_NO_FLUSH;
    this.#deflate.push(chunk, mode);
    const out = this.#out;
    this.#out = [];
    return out;
  }
  close(): void {
    this.#engine.sessionsOpen--;
  }
}

class FakeDecompressSession implements ZipDecompressSession {
  ended = false;
  /** The fake decodes all it is given at once (no output limit). */
  readonly hasPendingWork = false;
  #engine: FakeEngine;
  #format: Format;
  #consumed = 0;
  #output: RunningCheck;
  #strm = new pako.ZStream();
  #rest: Uint8Array = new Uint8Array(0);
  #counted: boolean;

  constructor(engine: FakeEngine, format: Format, counted: boolean) {
    this.#engine = engine;
    this.#format = format;
    this.#counted = counted;
    this.#output = new RunningCheck(format);
    if (counted) engine.sessionsOpen++;
    pako.zlibInflateInit2(this.#strm, WINDOW_BITS[format]);
  }

  get progress(): { consumed: number; produced: number; checksum: number } {
    return { consumed: this.#consumed, produced: this.#output.length, checksum: this.#output.value };
  }

  outputCheck(): RunningCheck {
    return new RunningCheck(this.#format);
  }

  /** Bytes after the end of the stream (zip's `trailing`). */
  get trailing(): Uint8Array {
    return this.ended ? this.#rest : new Uint8Array(0);
  }

  async write(chunk: Uint8Array, flush: ZipFlush): Promise<Uint8Array[]> {
    await this.#engine.step();
    return this.run(chunk, flush);
  }

  /** zip's rules: gzip members follow one another unless the next byte is 0; 'finish' before the end is Z_BUF_ERROR. */
  run(chunk: Uint8Array, flush: ZipFlush): Uint8Array[] {
    const out: Uint8Array[] = [];
    let input = this.#rest.length > 0 ? Buffer.concat([this.#rest, chunk]) : chunk;
    this.#rest = new Uint8Array(0);
    for (;;) {
      if (this.ended) {
        if (this.#format !== 'gzip' || input.length === 0 || input[0] === 0) {
          this.#rest = input;
          break;
        }
        this.ended = false;
        pako.zlibInflateReset(this.#strm);
      }
      input = this.#inflate(input, out);
      if (!this.ended) break;
    }
    if (flush === 'finish' && !this.ended)
      throw new ZlibDataError('Z_BUF_ERROR', 'fake: unexpected end of file');
    for (const piece of out) this.#output.add(piece);
    return out;
  }

  /** Inflates until the input is used up or the stream ends; returns the unused input. */
  #inflate(input: Uint8Array, out: Uint8Array[]): Uint8Array {
    const strm = this.#strm;
    strm.input = input;
    strm.next_in = 0;
    strm.avail_in = input.length;
    for (;;) {
      strm.output = new Uint8Array(65536);
      strm.next_out = 0;
      strm.avail_out = 65536;
      const status = pako.zlibInflate(strm, pako.Z_NO_FLUSH);
      if (strm.next_out > 0) out.push(strm.output.slice(0, strm.next_out));
      if (status === pako.Z_STREAM_END) {
        this.#consumed += strm.next_in;
        this.ended = true;
        return input.subarray(strm.next_in, strm.next_in + strm.avail_in);
      }
      if (status !== pako.Z_OK && status !== pako.Z_BUF_ERROR) {
        throw new ZlibDataError('Z_DATA_ERROR', `fake: ${strm.msg}`);
      }
      if (strm.avail_in === 0 && strm.avail_out > 0) {
        this.#consumed += strm.next_in;
        return new Uint8Array(0);
      }
    }
  }

  close(): void {
    if (this.#counted) this.#engine.sessionsOpen--;
  }
}
