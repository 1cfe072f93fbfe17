// SPDX-License-Identifier: Apache-2.0
// The HTTP log shipper: lines → gzip batches (size, line and age limits) → POST with retries →
// the disk spool while the endpoint is down → the spool drained, oldest first, when it is back.
//
// Delivery is at least once, and exactly once at a collector that honours Idempotency-Key: a batch
// leaves memory or disk only after a 2xx, and a batch resent after an unanswered request carries
// the same key.
import { UacceError } from '@uacce/abi';
import { GzipBatch, type SealedBatch } from './batch';
import { type DeliveryOutcome, deliver } from './deliver';
import { type ResolvedShipperOptions, resolveShipperOptions, type ShipperOptions } from './options';
import { backoffDelay, Sleeper } from './retry';
import { DiskSpool, type SpooledBatch } from './spool';

/** What the shipper did with a batch (for logs and tests). */
export type ShipperEvent =
  | {
      type: 'sealed';
      id: string;
      lines: number;
      bytes: number;
      compressed: number;
      engine: string | undefined;
      fallbackReason: string | undefined;
    }
  | { type: 'delivered'; id: string; lines: number; from: 'memory' | 'spool' }
  | { type: 'retry'; id: string; attempt: number; reason: string }
  | { type: 'spooled'; id: string; lines: number }
  | { type: 'rejected'; id: string; lines: number; status: number }
  | { type: 'error'; error: unknown };

/** Batches, gzips, POSTs, retries and spools log lines; write() throws ERR_UACCE_QUEUE_CLOSED after close(). */
export class HttpShipper {
  readonly #options: ResolvedShipperOptions;
  readonly #onEvent: (event: ShipperEvent) => void;
  readonly #spool: DiskSpool;
  readonly #sleeper = new Sleeper();
  readonly #stop = new AbortController();
  readonly #queue: SealedBatch[] = [];
  #batch: GzipBatch | undefined;
  #timer: NodeJS.Timeout | undefined;
  #sealing: Promise<void> = Promise.resolve();
  #worker: Promise<void> | undefined;
  // False until a listing found the spool empty: a previous run may have left batches there.
  #spoolEmpty = false;
  // Spool writes under way: a listing that misses them must not conclude the spool is empty.
  readonly #spoolWrites = new Set<Promise<unknown>>();
  #closed = false;

  /** Throws UacceArgumentError (ERR_INVALID_ARG_TYPE, ERR_OUT_OF_RANGE) for bad options. */
  constructor(options: ShipperOptions, onEvent: (event: ShipperEvent) => void = () => {}) {
    this.#options = resolveShipperOptions(options);
    this.#onEvent = onEvent;
    this.#spool = new DiskSpool(this.#options.spoolDir);
  }

  /** Starts delivering what an earlier run left in the spool. */
  async start(): Promise<void> {
    await this.#spool.open();
    this.#kick();
  }

  /** Adds one line (newline included); resolves when the compressor has taken it. */
  async write(line: string | Buffer): Promise<void> {
    if (this.#closed) throw new UacceError('ERR_UACCE_QUEUE_CLOSED', 'the shipper is closed');
    this.#batch ??= this.#openBatch();
    const batch = this.#batch;
    await batch.add(line);
    if (batch.bytes >= this.#options.maxBatchBytes || batch.lines >= this.#options.maxBatchLines) {
      this.#seal(batch);
    }
  }

  /** Seals the current batch now and waits until everything sealed so far is queued or spooled. */
  async flush(): Promise<void> {
    if (this.#batch) this.#seal(this.#batch);
    await this.#sealing;
  }

  /**
   * Flushes, then keeps delivering for up to closeTimeoutMs; whatever is still undelivered is left
   * in the spool for the next run. Idempotent.
   */
  async close(): Promise<void> {
    if (this.#closed) return this.#worker;
    this.#closed = true;
    await this.flush();
    this.#kick();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.#options.closeTimeoutMs);
    });
    await Promise.race([this.#worker, deadline]);
    clearTimeout(timer);
    this.#stop.abort();
    this.#sleeper.cancel();
    await this.#worker;
    await this.#spoolAll(this.#queue.splice(0));
  }

  #openBatch(): GzipBatch {
    const batch = new GzipBatch({
      ...this.#options.streamOptions,
      level: this.#options.level,
      engine: this.#options.engine,
    });
    this.#timer = setTimeout(() => this.#seal(batch), this.#options.maxBatchAgeMs);
    this.#timer.unref();
    return batch;
  }

  /** Detaches `batch` and queues its sealing behind the earlier ones, so batches keep their order. */
  #seal(batch: GzipBatch): void {
    if (this.#batch !== batch) return;
    this.#batch = undefined;
    clearTimeout(this.#timer);
    this.#sealing = this.#sealing
      .then(async () => {
        const sealed = await batch.seal();
        if (sealed.recovered !== undefined) this.#onEvent({ type: 'error', error: sealed.recovered });
        const { id, lines, bytes, engine, fallbackReason } = sealed;
        this.#onEvent({
          type: 'sealed',
          id,
          lines,
          bytes,
          compressed: sealed.body.length,
          engine,
          fallbackReason,
        });
        await this.#enqueue(sealed);
      })
      // A spool write that failed (disk full): report it, and keep the chain alive for later batches.
      .catch((error: unknown) => this.#onEvent({ type: 'error', error }));
  }

  async #enqueue(batch: SealedBatch): Promise<void> {
    // While anything waits on disk the endpoint is (or was) down: new batches queue behind it there.
    if (!this.#spoolEmpty) await this.#spoolAll([batch]);
    // An endpoint slower than the logs: memory holds at most maxQueuedBatches, the rest goes to
    // disk, oldest first, and is sent from there.
    else if (this.#queue.length >= this.#options.maxQueuedBatches) {
      await this.#spoolAll([...this.#queue.splice(0), batch]);
    } else this.#queue.push(batch);
    this.#kick();
  }

  #kick(): void {
    this.#worker ??= this.#run()
      .catch(async (error: unknown) => {
        // A spool that cannot be read (disk trouble): report, pause, and let the next kick retry.
        this.#onEvent({ type: 'error', error });
        await this.#sleeper.sleep(this.#options.spoolRetryMs);
      })
      .finally(() => {
        this.#worker = undefined;
        if (!this.#stop.signal.aborted && (this.#queue.length > 0 || !this.#spoolEmpty)) this.#kick();
      });
  }

  async #run(): Promise<void> {
    while (!this.#stop.signal.aborted) {
      if (!this.#spoolEmpty) {
        const [oldest] = await this.#spool.list();
        if (oldest) {
          if (!(await this.#sendSpooled(oldest))) await this.#sleeper.sleep(this.#options.spoolRetryMs);
          continue;
        }
        if (this.#spoolWrites.size > 0) {
          await Promise.allSettled(this.#spoolWrites);
          continue;
        }
        this.#spoolEmpty = true;
      }
      const next = this.#queue.shift();
      if (!next) return;
      await this.#sendFromMemory(next);
    }
  }

  async #attempt(batch: { id: string; lines: number }, body: Buffer): Promise<DeliveryOutcome> {
    return deliver({
      url: this.#options.url,
      body,
      id: batch.id,
      lines: batch.lines,
      headers: this.#options.headers,
      timeoutMs: this.#options.requestTimeoutMs,
      signal: this.#stop.signal,
    });
  }

  /** Tries a batch from memory with backoff; on giving up, it and everything queued go to disk. */
  async #sendFromMemory(batch: SealedBatch): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      const outcome = await this.#attempt(batch, batch.body);
      if (outcome.kind === 'delivered') {
        this.#onEvent({ type: 'delivered', id: batch.id, lines: batch.lines, from: 'memory' });
        return;
      }
      if (outcome.kind === 'rejected') {
        this.#onEvent({ type: 'rejected', id: batch.id, lines: batch.lines, status: outcome.status });
        await this.#spool.put(batch).then((entry) => this.#spool.reject(entry));
        return;
      }
      this.#onEvent({ type: 'retry', id: batch.id, attempt, reason: outcome.reason });
      if (attempt >= this.#options.retries || this.#stop.signal.aborted) break;
      await this.#sleeper.sleep(
        backoffDelay(attempt, { baseMs: this.#options.retryBaseMs, maxMs: this.#options.retryMaxMs }),
      );
    }
    await this.#spoolAll([batch, ...this.#queue.splice(0)]);
  }

  /** One try of the oldest spooled batch; true when it left the spool. */
  async #sendSpooled(entry: SpooledBatch): Promise<boolean> {
    const outcome = await this.#attempt(entry, await this.#spool.read(entry));
    if (outcome.kind === 'delivered') {
      await this.#spool.remove(entry);
      this.#onEvent({ type: 'delivered', id: entry.id, lines: entry.lines, from: 'spool' });
      return true;
    }
    if (outcome.kind === 'rejected') {
      await this.#spool.reject(entry);
      this.#onEvent({ type: 'rejected', id: entry.id, lines: entry.lines, status: outcome.status });
      return true;
    }
    this.#onEvent({ type: 'retry', id: entry.id, attempt: 0, reason: outcome.reason });
    return false;
  }

  /** Writes batches to disk in the order given (DiskSpool numbers them in call order). */
  async #spoolAll(batches: SealedBatch[]): Promise<void> {
    if (batches.length === 0) return;
    this.#spoolEmpty = false;
    const writes = Promise.all(batches.map((batch) => this.#spool.put(batch)));
    this.#spoolWrites.add(writes);
    try {
      await writes;
    } finally {
      this.#spoolWrites.delete(writes);
    }
    for (const batch of batches) this.#onEvent({ type: 'spooled', id: batch.id, lines: batch.lines });
  }
}
