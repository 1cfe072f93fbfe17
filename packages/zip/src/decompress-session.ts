// SPDX-License-Identifier: Apache-2.0
// A decompression session: one stream (or several gzip members) fed chunk by chunk.
import { SessionGate, type SessionTransport } from './compress-session';
import type { FlushMode } from './compress-stream';
import type { DecompressProgress, DecompressStream } from './decompress-stream';
import type { ZipFormat } from './format';
import { assertFlush, toChunks } from './input';
import { runAsync, runSync } from './operation';
import { RunningCheck } from './running-check';

/** Per-write options of a decompression session. */
export interface DecompressWriteOptions {
  /**
   * Output after which the write returns (one request may overshoot it, by at most its output
   * buffer); the input left waits in the session (`hasPendingWork`). Lets a caller that honours
   * backpressure stop a decompression bomb early. Default: no limit.
   */
  maxOutput?: number;
}

/** A stateful decompression stream; see README "Stream sessions". */
export class DecompressSession {
  readonly #stream: DecompressStream;
  readonly #transport: SessionTransport;
  readonly #gate = new SessionGate();
  readonly #format: ZipFormat;

  constructor(stream: DecompressStream, transport: SessionTransport, format: ZipFormat) {
    this.#stream = stream;
    this.#transport = transport;
    this.#format = format;
  }

  /** True once the stream ended and its trailer was verified (a later gzip member clears it). */
  get ended(): boolean {
    return this.#stream.ended;
  }

  /** Input consumed, output produced and the output's software checksum, after the last write. */
  get progress(): DecompressProgress {
    return this.#stream.progress;
  }

  /**
   * An empty check of the kind `progress.checksum` is (CRC-32, or Adler-32 for zlib): to compare a
   * software replay's output with what this session produced.
   */
  outputCheck(): RunningCheck {
    return new RunningCheck(this.#format);
  }

  /** Bytes received after the end of the stream, not part of it (empty while not ended). */
  get trailing(): Uint8Array {
    return this.#stream.trailing;
  }

  /**
   * Decompresses `chunk`; resolves with the output produced now. Every flush mode decodes all it
   * can; 'finish' also says the input is complete, so a stream that has not ended is Z_BUF_ERROR.
   * With `maxOutput` it returns once that much output is out (see `hasPendingWork`).
   * Rejects with ZlibDataError (Z_DATA_ERROR, Z_BUF_ERROR, Z_NEED_DICT, ERR_BUFFER_TOO_LARGE),
   * ERR_INVALID_ARG_TYPE/VALUE, ERR_UACCE_QUEUE_CLOSED, UacceDeviceError.
   */
  write(
    chunk: Uint8Array | readonly Uint8Array[],
    flush: FlushMode,
    options?: DecompressWriteOptions,
  ): Promise<Uint8Array[]> {
    assertFlush(flush);
    const limit = options?.maxOutput;
    return this.#gate.run(() =>
      runAsync(this.#stream.write(toChunks(chunk, 'chunk'), flush === 'finish', limit), (request) =>
        this.#transport.submit(request),
      ),
    );
  }

  /**
   * True while the session can produce more without new input (a write stopped at `maxOutput`,
   * output the device still holds, another gzip member waiting): write again, with no new input.
   */
  get hasPendingWork(): boolean {
    return this.#stream.hasPendingWork;
  }

  /** write() with busy-polling; throws ERR_UACCE_QUEUE_FULL when no queue slot is free now. */
  writeSync(chunk: Uint8Array | readonly Uint8Array[], flush: FlushMode): Uint8Array[] {
    assertFlush(flush);
    return this.#gate.runSync(() =>
      runSync(this.#stream.write(toChunks(chunk, 'chunk'), flush === 'finish'), (request) =>
        this.#transport.submitSync(request),
      ),
    );
  }

  /** Ends the session; later writes throw ERR_UACCE_QUEUE_CLOSED. Idempotent. */
  close(): void {
    this.#gate.close();
  }
}
