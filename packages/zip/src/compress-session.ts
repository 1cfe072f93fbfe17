// SPDX-License-Identifier: Apache-2.0
// A compression session: one stream on the device, written chunk by chunk with zlib-style flushes.
import { UacceArgumentError, UacceDeviceError } from '@uacce/abi';
import { CompressCheckpoint, type CompressHandover } from './compress-handover';
import type { CompressStream, FlushMode } from './compress-stream';
import { assertFlush, toChunks } from './input';
import { type DeviceRequest, runAsync, runSync } from './operation';

/** The two ways of reaching the device a session can use. */
export interface SessionTransport {
  submit(request: DeviceRequest): Promise<Uint8Array>;
  submitSync(request: DeviceRequest): Uint8Array;
}

/** Serializes a session's writes and remembers the first failure (a failed stream cannot go on). */
export class SessionGate {
  #tail: Promise<unknown> = Promise.resolve();
  #failure: unknown;
  #closed = false;
  #inFlight = 0;

  get closed(): boolean {
    return this.#closed;
  }

  close(): void {
    this.#closed = true;
  }

  /** Throws the stored failure, or ERR_UACCE_QUEUE_CLOSED once closed. */
  check(): void {
    if (this.#failure !== undefined) throw this.#failure;
    if (this.#closed) throw new UacceDeviceError('ERR_UACCE_QUEUE_CLOSED', 'the session is closed');
  }

  /** Runs `task` after every earlier write; a failure poisons the session. */
  run<T>(task: () => Promise<T>): Promise<T> {
    this.#inFlight += 1;
    const result = this.#tail.then(() => {
      this.check();
      return task();
    });
    this.#tail = result.catch(() => undefined);
    return result
      .catch((error: unknown) => {
        this.#failure ??= error;
        throw error;
      })
      .finally(() => {
        this.#inFlight -= 1;
      });
  }

  /** Runs `task` now; throws ERR_INVALID_ARG_VALUE while an async write is in progress. A failure poisons the session. */
  runSync<T>(task: () => T): T {
    this.check();
    if (this.#inFlight > 0) {
      throw new UacceArgumentError(
        'ERR_INVALID_ARG_VALUE',
        'writeSync() while an asynchronous write is in progress',
      );
    }
    try {
      return task();
    } catch (error) {
      this.#failure ??= error;
      throw error;
    }
  }
}

/** A stateful compression stream; see README "Stream sessions". */
export class CompressSession {
  readonly #stream: CompressStream;
  readonly #transport: SessionTransport;
  readonly #gate = new SessionGate();
  readonly #checkpoint: CompressCheckpoint;

  constructor(stream: CompressStream, transport: SessionTransport) {
    this.#stream = stream;
    this.#transport = transport;
    this.#checkpoint = new CompressCheckpoint(stream.format, stream.header);
  }

  /**
   * What a software compressor needs to carry on from the last write that resolved (header still
   * to write, the last 32 KiB of input, running check and ISIZE, unflushed input) and the trailer
   * writer that ends the stream; see README "Hand-over".
   */
  handOver(): CompressHandover {
    return this.#checkpoint.handOver();
  }

  /** True once a 'finish' write ended the stream. */
  get finished(): boolean {
    return this.#stream.finished;
  }

  /**
   * Compresses `chunk`; resolves with the output produced now ('none' may produce nothing yet,
   * 'sync'/'full' make everything so far decodable, 'finish' ends the stream). Rejects with
   * ERR_INVALID_ARG_TYPE/VALUE, ERR_UACCE_QUEUE_CLOSED, HardwareStatusError, UacceDeviceError.
   */
  write(chunk: Uint8Array | readonly Uint8Array[], flush: FlushMode): Promise<Uint8Array[]> {
    assertFlush(flush);
    return this.#gate.run(async () => {
      const chunks = toChunks(chunk, 'chunk');
      const output = await runAsync(this.#stream.write(chunks, flush), (request) =>
        this.#transport.submit(request),
      );
      return this.#record(chunks, output);
    });
  }

  /** write() with busy-polling; throws ERR_UACCE_QUEUE_FULL when no queue slot is free now. */
  writeSync(chunk: Uint8Array | readonly Uint8Array[], flush: FlushMode): Uint8Array[] {
    assertFlush(flush);
    const chunks = toChunks(chunk, 'chunk');
    return this.#gate.runSync(() =>
      this.#record(
        chunks,
        runSync(this.#stream.write(chunks, flush), (request) => this.#transport.submitSync(request)),
      ),
    );
  }

  #record(chunks: readonly Uint8Array[], output: Uint8Array[]): Uint8Array[] {
    this.#checkpoint.record(chunks, this.#stream.pendingLength, output);
    return output;
  }

  /** Ends the session; later writes throw ERR_UACCE_QUEUE_CLOSED. Idempotent. */
  close(): void {
    this.#gate.close();
  }
}
