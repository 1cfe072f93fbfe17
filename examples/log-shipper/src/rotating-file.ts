// SPDX-License-Identifier: Apache-2.0
// A rotating gzip file sink: lines go to `<name>.log.gz`; at maxBytes (uncompressed) the file is
// finished and renamed `<name>.<sequence>.log.gz`, and only the newest maxFiles of those are kept.
//
// A file is a series of gzip members (RFC 1952 §2.2; gzip, zcat and node:zlib read them as one
// stream). Lines collect in memory and become one member when segmentBytes are waiting or every
// flushIntervalMs; a member is written to the file whole, with one synchronous write, so the file
// on disk is a complete gzip file between any two members, even after a SIGKILL. At process exit
// (the 'exit' event, where nothing asynchronous runs any more) what is still in memory is
// compressed and written synchronously, so a normal exit loses nothing even if close() was never
// called. Memory is bounded: past maxPendingBytes of uncompressed lines, the writer compresses on
// its own thread (synchronously) before taking more.
import {
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { UacceError } from '@uacce/abi';
import { type CompressorOptions, compressMember, compressMemberSync, type Engine } from './internal/zlib';
import { positive } from './options';

/** Options of RotatingGzipFile and of its pino transport. */
export interface RotatingFileOptions {
  dir: string;
  /** Base name of the files. Default 'app'. */
  name?: string;
  /** Rotate after this many uncompressed bytes. Default 64 MiB. */
  maxBytes?: number;
  /** Rotated files kept. Default 10. */
  maxFiles?: number;
  /** Lines waiting at most this long before they are compressed and written. Default 1000 ms. */
  flushIntervalMs?: number;
  /** Lines are compressed as one gzip member once this many uncompressed bytes wait. Default 256 KiB. */
  segmentBytes?: number;
  /**
   * The most uncompressed bytes held in memory (waiting lines plus the member being compressed);
   * a write past it compresses synchronously first. Default 1 MiB, at least 2 × segmentBytes.
   */
  maxPendingBytes?: number;
  level?: number;
  engine?: Engine;
  streamOptions?: Record<string, unknown>;
}

/** A member being compressed: its lines stay until it is on disk (the exit path needs them). */
interface Segment {
  lines: Buffer[];
  bytes: number;
  written: boolean;
  done: Promise<void>;
}

interface OpenFile {
  fd: number;
  /** Uncompressed bytes taken for this file. */
  bytes: number;
}

function writeAll(fd: number, data: Buffer): void {
  let offset = 0;
  while (offset < data.length) offset += writeSync(fd, data, offset);
}

/** The rotating gzip file sink; write() throws ERR_UACCE_QUEUE_CLOSED after close(). */
export class RotatingGzipFile {
  readonly #options: Required<RotatingFileOptions>;
  readonly #compressor: CompressorOptions;
  #started = false;
  #current: OpenFile | undefined;
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  #segment: Segment | undefined;
  #rotation: Promise<void> | undefined;
  #sequence = 0;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;
  readonly #onExit = (): void => this.finishSync();

  /** Throws UacceArgumentError (ERR_OUT_OF_RANGE) for a non-positive size, count or interval. */
  constructor(options: RotatingFileOptions) {
    const segmentBytes = options.segmentBytes ?? 256 * 1024;
    this.#options = {
      name: 'app',
      maxBytes: 64 * 1024 * 1024,
      maxFiles: 10,
      flushIntervalMs: 1000,
      level: 6,
      engine: 'auto',
      streamOptions: {},
      ...options,
      segmentBytes,
      maxPendingBytes: Math.max(options.maxPendingBytes ?? 1024 * 1024, 2 * segmentBytes),
    };
    for (const name of [
      'maxBytes',
      'maxFiles',
      'flushIntervalMs',
      'segmentBytes',
      'maxPendingBytes',
    ] as const) {
      positive(name, this.#options[name]);
    }
    this.#compressor = {
      ...this.#options.streamOptions,
      level: this.#options.level,
      engine: this.#options.engine,
    };
  }

  /** The path lines are being written to. */
  get currentPath(): string {
    return join(this.#options.dir, `${this.#options.name}.log.gz`);
  }

  /** Uncompressed bytes held in memory now (never above maxPendingBytes plus one write). */
  get pendingBytes(): number {
    return this.#pendingBytes + (this.#segment && !this.#segment.written ? this.#segment.bytes : 0);
  }

  /**
   * Takes one line or several (newlines included) at once; the promise resolves when the sink can
   * take more without growing its backlog (await it, or mind `pendingBytes`).
   */
  write(line: string | Buffer): Promise<void> {
    if (this.#closed) {
      return Promise.reject(new UacceError('ERR_UACCE_QUEUE_CLOSED', 'the file sink is closed'));
    }
    try {
      return this.#take(typeof line === 'string' ? Buffer.from(line) : line);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  #take(bytes: Buffer): Promise<void> {
    const current = this.#open();
    this.#pending.push(bytes);
    this.#pendingBytes += bytes.length;
    current.bytes += bytes.length;
    if (this.pendingBytes > this.#options.maxPendingBytes) this.#writeBacklogSync();
    if (current.bytes >= this.#options.maxBytes) return this.rotate();
    if (this.#pendingBytes >= this.#options.segmentBytes) return this.#cut();
    return Promise.resolve();
  }

  /** Finishes the current file and renames it into the rotated set. */
  rotate(): Promise<void> {
    this.#rotation ??= (async () => {
      const current = this.#current;
      if (!current) return;
      await this.#finish(current, () => {
        renameSync(this.currentPath, this.#rotatedPath(this.#sequence++));
        this.#prune();
      });
    })().finally(() => {
      this.#rotation = undefined;
    });
    return this.#rotation;
  }

  /** Writes what is in memory and closes the current file (it stays as `<name>.log.gz`). Idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    await this.#rotation;
    const current = this.#current;
    if (current) await this.#finish(current);
    process.off('exit', this.#onExit);
  }

  /**
   * Writes everything in memory and closes the file synchronously: what runs at process exit. The
   * sink is closed afterwards. Idempotent.
   */
  finishSync(): void {
    this.#closed = true;
    clearInterval(this.#timer);
    process.off('exit', this.#onExit);
    const current = this.#current;
    if (!current) return;
    this.#writeBacklogSync();
    closeSync(current.fd);
    this.#current = undefined;
  }

  #rotatedPath(sequence: number): string {
    return join(this.#options.dir, `${this.#options.name}.${String(sequence).padStart(10, '0')}.log.gz`);
  }

  #rotated(): string[] {
    const pattern = new RegExp(
      `^${this.#options.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.\\d{10}\\.log\\.gz$`,
    );
    return readdirSync(this.#options.dir)
      .filter((entry) => pattern.test(entry))
      .sort();
  }

  /** The open file, opened (synchronously) when there is none. */
  #open(): OpenFile {
    if (this.#current) return this.#current;
    if (!this.#started) this.#start();
    const fd = openSync(this.currentPath, 'w');
    this.#current = { fd, bytes: 0 };
    return this.#current;
  }

  /** Continues the sequence, and moves a file an earlier run left open into the rotated set. */
  #start(): void {
    this.#started = true;
    mkdirSync(this.#options.dir, { recursive: true });
    const last = this.#rotated().at(-1);
    this.#sequence = last ? Number(last.slice(this.#options.name.length + 1, -7)) + 1 : 0;
    const left = (() => {
      try {
        return statSync(this.currentPath);
      } catch {
        return undefined;
      }
    })();
    if (left) renameSync(this.currentPath, this.#rotatedPath(this.#sequence++));
    this.#timer = setInterval(() => this.#flushIdle(), this.#options.flushIntervalMs);
    this.#timer.unref();
    process.on('exit', this.#onExit);
  }

  /** Starts compressing the waiting lines as one member, after the member before it is written. */
  async #cut(): Promise<void> {
    while (this.#segment) await this.#segment.done;
    if (this.#pendingBytes > 0 && this.#current) this.#startSegment(this.#current);
  }

  #startSegment(current: OpenFile): void {
    const lines = this.#pending;
    const segment: Segment = { lines, bytes: this.#pendingBytes, written: false, done: Promise.resolve() };
    this.#pending = [];
    this.#pendingBytes = 0;
    this.#segment = segment;
    segment.done = (async () => {
      const raw = Buffer.concat(lines);
      let member: Buffer;
      try {
        member = await compressMember(raw, this.#compressor);
      } catch {
        member = compressMemberSync(raw, { ...this.#compressor, engine: 'software' });
      }
      // The exit path (or a writer over maxPendingBytes) may have written it meanwhile.
      if (!segment.written) {
        segment.written = true;
        writeAll(current.fd, member);
      }
    })().finally(() => {
      if (this.#segment === segment) this.#segment = undefined;
    });
  }

  /** Writes the member being compressed (if not yet written) and the waiting lines, synchronously, in order. */
  #writeBacklogSync(): void {
    const current = this.#current;
    if (!current) return;
    const segment = this.#segment;
    if (segment && !segment.written) {
      segment.written = true;
      writeAll(current.fd, compressMemberSync(Buffer.concat(segment.lines), this.#compressor));
    }
    if (this.#pendingBytes > 0) {
      writeAll(current.fd, compressMemberSync(Buffer.concat(this.#pending), this.#compressor));
      this.#pending = [];
      this.#pendingBytes = 0;
    }
  }

  /** Writes every waiting line into `current`, closes it, then runs `after` (in the same tick). */
  async #finish(current: OpenFile, after?: () => void): Promise<void> {
    for (;;) {
      if (this.#segment) await this.#segment.done;
      else if (this.#pendingBytes > 0) this.#startSegment(current);
      else break;
    }
    closeSync(current.fd);
    if (this.#current === current) this.#current = undefined;
    after?.();
  }

  #flushIdle(): void {
    if (!this.#segment && this.#pendingBytes > 0 && this.#current) this.#startSegment(this.#current);
  }

  #prune(): void {
    const rotated = this.#rotated();
    for (const old of rotated.slice(0, Math.max(0, rotated.length - this.#options.maxFiles))) {
      unlinkSync(join(this.#options.dir, old));
    }
  }
}
