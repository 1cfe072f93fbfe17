// SPDX-License-Identifier: Apache-2.0
// A rotating gzip file sink: lines go to `<name>.log.gz`; at maxBytes (uncompressed) the file is
// finished and renamed `<name>.<sequence>.log.gz`, and only the newest maxFiles of those are kept.
// Every file is a complete gzip stream that zcat/gunzip reads.
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readdir, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { UacceArgumentError, UacceError } from '@uacce/abi';
import { createCompressor, type Engine, type EngineStream } from './internal/zlib';

/** Options of RotatingGzipFile and of its pino transport. */
export interface RotatingFileOptions {
  dir: string;
  /** Base name of the files. Default 'app'. */
  name?: string;
  /** Rotate after this many uncompressed bytes. Default 64 MiB. */
  maxBytes?: number;
  /** Rotated files kept. Default 10. */
  maxFiles?: number;
  /** Sync-flush the compressor this often so lines reach the disk while the file is open. Default 1000 ms. */
  flushIntervalMs?: number;
  level?: number;
  engine?: Engine;
  streamOptions?: Record<string, unknown>;
}

interface OpenFile {
  gzip: EngineStream;
  file: WriteStream;
  bytes: number;
  dirty: boolean;
}

/** The rotating gzip file sink; write() throws ERR_UACCE_QUEUE_CLOSED after close(). */
export class RotatingGzipFile {
  readonly #options: Required<RotatingFileOptions>;
  #current: OpenFile | undefined;
  #sequence = 0;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;
  #ready: Promise<void> | undefined;

  /** Throws UacceArgumentError (ERR_OUT_OF_RANGE) for a non-positive maxBytes or maxFiles. */
  constructor(options: RotatingFileOptions) {
    this.#options = {
      name: 'app',
      maxBytes: 64 * 1024 * 1024,
      maxFiles: 10,
      flushIntervalMs: 1000,
      level: 6,
      engine: 'auto',
      streamOptions: {},
      ...options,
    };
    if (!(this.#options.maxBytes > 0) || !(this.#options.maxFiles >= 1)) {
      throw new UacceArgumentError('ERR_OUT_OF_RANGE', 'maxBytes and maxFiles must be positive');
    }
  }

  /** The path lines are being written to. */
  get currentPath(): string {
    return join(this.#options.dir, `${this.#options.name}.log.gz`);
  }

  /** Adds one line (newline included); rotates first when the current file is full. */
  async write(line: string | Buffer): Promise<void> {
    if (this.#closed) throw new UacceError('ERR_UACCE_QUEUE_CLOSED', 'the file sink is closed');
    this.#ready ??= this.#start();
    await this.#ready;
    if (this.#current && this.#current.bytes >= this.#options.maxBytes) await this.rotate();
    this.#current ??= this.#open();
    const current = this.#current;
    current.bytes += typeof line === 'string' ? Buffer.byteLength(line) : line.length;
    current.dirty = true;
    if (!current.gzip.write(line)) await once(current.gzip, 'drain');
  }

  /** Finishes the current file and renames it into the rotated set. */
  async rotate(): Promise<void> {
    const current = this.#current;
    if (!current) return;
    this.#current = undefined;
    await this.#finish(current);
    await rename(this.currentPath, this.#rotatedPath(this.#sequence++));
    await this.#prune();
  }

  /** Finishes the current file (it stays as `<name>.log.gz`). Idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    const current = this.#current;
    this.#current = undefined;
    if (current) await this.#finish(current);
  }

  #rotatedPath(sequence: number): string {
    return join(this.#options.dir, `${this.#options.name}.${String(sequence).padStart(10, '0')}.log.gz`);
  }

  async #rotated(): Promise<string[]> {
    const pattern = new RegExp(
      `^${this.#options.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.\\d{10}\\.log\\.gz$`,
    );
    return (await readdir(this.#options.dir)).filter((entry) => pattern.test(entry)).sort();
  }

  /** Continues the sequence, and moves a file an earlier run left open into the rotated set. */
  async #start(): Promise<void> {
    await mkdir(this.#options.dir, { recursive: true });
    const last = (await this.#rotated()).at(-1);
    this.#sequence = last ? Number(last.slice(this.#options.name.length + 1, -7)) + 1 : 0;
    const left = await stat(this.currentPath).catch(() => undefined);
    if (left) await rename(this.currentPath, this.#rotatedPath(this.#sequence++));
    this.#timer = setInterval(() => this.#flushIdle(), this.#options.flushIntervalMs);
    this.#timer.unref();
  }

  #open(): OpenFile {
    const gzip = createCompressor({
      ...this.#options.streamOptions,
      level: this.#options.level,
      engine: this.#options.engine,
    });
    const file = createWriteStream(this.currentPath, { flags: 'w' });
    gzip.pipe(file);
    gzip.on('error', (error) => file.destroy(error));
    return { gzip, file, bytes: 0, dirty: false };
  }

  async #finish(current: OpenFile): Promise<void> {
    current.gzip.end();
    await finished(current.file);
  }

  #flushIdle(): void {
    const current = this.#current;
    if (!current?.dirty) return;
    current.dirty = false;
    current.gzip.flush();
  }

  async #prune(): Promise<void> {
    const rotated = await this.#rotated();
    for (const old of rotated.slice(0, Math.max(0, rotated.length - this.#options.maxFiles))) {
      await unlink(join(this.#options.dir, old));
    }
  }
}
