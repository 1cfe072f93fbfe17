// SPDX-License-Identifier: Apache-2.0
// One batch of NDJSON lines, gzipped as the lines arrive (one gzip member per batch).
import { randomUUID } from 'node:crypto';
import { finished } from 'node:stream/promises';
import { gzipSync } from 'node:zlib';
import { type CompressorOptions, createCompressor, type EngineStream } from './internal/zlib';

/** A finished batch: the gzip member and what it holds. */
export interface SealedBatch {
  /** Unique id, sent as Idempotency-Key so a retried delivery is recognisable. */
  id: string;
  lines: number;
  /** Uncompressed bytes. */
  bytes: number;
  body: Buffer;
  /** The engine that finished compressing it ('hardware', 'software'), when the library says. */
  engine: string | undefined;
  /** Why the compressor left (or never took) the hardware, when it did. */
  fallbackReason: string | undefined;
}

/** An open batch: lines in, one gzip member out at seal(). */
export class GzipBatch {
  readonly id = randomUUID();
  readonly openedAt = Date.now();
  lines = 0;
  bytes = 0;
  readonly #gzip: EngineStream;
  readonly #chunks: Buffer[] = [];
  // The raw lines, kept until the batch is sealed: if the compressor failed outright (the stream
  // layer's own fallback notwithstanding), the batch is still gzipped from them, not dropped.
  readonly #lines: Buffer[] = [];
  readonly #finished: Promise<void>;

  constructor(options: CompressorOptions) {
    this.#gzip = createCompressor(options);
    this.#gzip.on('data', (chunk: Buffer) => this.#chunks.push(chunk));
    this.#finished = finished(this.#gzip);
    // The rejection is read by seal(); this keeps it from being reported as unhandled before then.
    this.#finished.catch(() => {});
  }

  /** Adds one line (newline included); resolves at once unless the compressor asks to wait. */
  async add(line: string | Buffer): Promise<void> {
    this.lines += 1;
    const bytes = typeof line === 'string' ? Buffer.from(line) : line;
    this.bytes += bytes.length;
    this.#lines.push(bytes);
    if (this.#gzip.destroyed) return;
    if (!this.#gzip.write(bytes)) await this.#writable();
  }

  /**
   * Resolves at the compressor's 'drain', or when it finishes or fails: the batch-age timer may
   * seal() (end()) the batch while an add() waits, and a Writable never emits 'drain' once it is
   * ending, so waiting for 'drain' alone would wait forever.
   */
  #writable(): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        this.#gzip.off('drain', done);
        resolve();
      };
      this.#gzip.on('drain', done);
      this.#finished.then(done, done);
    });
  }

  /** Ends the gzip member and returns the batch; `recovered` says the last-resort path was used. */
  async seal(): Promise<SealedBatch & { recovered?: unknown }> {
    const batch = { id: this.id, lines: this.lines, bytes: this.bytes };
    try {
      this.#gzip.end();
      await this.#finished;
      const { engine, fallbackReason } = this.#gzip;
      return { ...batch, body: Buffer.concat(this.#chunks), engine, fallbackReason };
    } catch (error) {
      const body = gzipSync(Buffer.concat(this.#lines));
      return { ...batch, body, engine: 'software', fallbackReason: 'compressor-failed', recovered: error };
    }
  }
}
