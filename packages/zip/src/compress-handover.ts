// SPDX-License-Identifier: Apache-2.0
// The checkpoint of a compression session, and the hand-over a software compressor continues from
// when the device fails. The session records the input of every write that resolved; a failed
// write leaves the checkpoint where the last good write put it, so its caller replays that write's
// input in software. The hand-over carries what a raw deflate continuation needs (the header if
// none went out, the last 32 KiB of input as its dictionary, the running check) and writes the
// trailer at the end, so the framing of a stream is written here, whichever engine finished it.
import type { ZipFormat } from './format';
import { RunningCheck } from './running-check';
import { writeGzipTrailer, writeZlibTrailer } from './trailer';

/** deflate's largest window: the history a continuation needs as its dictionary. */
export const DEFLATE_WINDOW = 32 * 1024;

/** What software needs to finish a stream the device started; see README "Hand-over". */
export class CompressHandover {
  readonly format: ZipFormat;
  /** Bytes to write before the continuation's output: the header when none went out yet, else empty. */
  readonly header: Uint8Array;
  /** The last (up to) 32 KiB of input already compressed: the continuation's dictionary. */
  readonly history: Uint8Array;
  /** Input accepted with 'none' and not yet compressed: the continuation compresses it first. */
  readonly unflushed: Uint8Array;
  readonly #check: RunningCheck;

  constructor(header: Uint8Array, history: Uint8Array, unflushed: Uint8Array, check: RunningCheck) {
    this.format = check.format;
    this.header = header;
    this.history = history;
    this.unflushed = unflushed;
    this.#check = check;
  }

  /** Running CRC-32 (gzip) or Adler-32 (zlib) of every input byte so far, in trailer form. */
  get checksum(): number {
    return this.#check.value;
  }

  /** Input bytes so far mod 2^32 (gzip ISIZE). */
  get isize(): number {
    return this.#check.length % 2 ** 32;
  }

  /** Counts input the continuation compressed (after `unflushed`, which is counted already). */
  update(bytes: Uint8Array): void {
    this.#check.add(bytes);
  }

  /** The trailer that ends the stream: gzip CRC-32 + ISIZE, zlib Adler-32, nothing for raw deflate. */
  trailer(): Uint8Array {
    if (this.format === 'gzip') return writeGzipTrailer(this.checksum, this.isize);
    if (this.format === 'zlib') return writeZlibTrailer(this.checksum);
    return new Uint8Array(0);
  }
}

/** The session's record of what the device has taken and given back. */
export class CompressCheckpoint {
  readonly #header: Uint8Array;
  readonly #check: RunningCheck;
  readonly #history = new Uint8Array(DEFLATE_WINDOW);
  #historyLength = 0;
  #headerDelivered = false;
  /** Copies of input written with 'none' that the stream still holds uncompressed. */
  #held: Uint8Array[] = [];

  constructor(format: ZipFormat, header: Uint8Array) {
    this.#header = header;
    this.#check = new RunningCheck(format);
  }

  /** A write of `chunks` resolved with `output`; `stillPending` bytes of input stay uncompressed. */
  record(chunks: readonly Uint8Array[], stillPending: number, output: readonly Uint8Array[]): void {
    if (output.length > 0) this.#headerDelivered = true;
    if (stillPending > 0) {
      for (const chunk of chunks) this.#held.push(chunk.slice());
      return;
    }
    for (const chunk of [...this.#held, ...chunks]) this.#take(chunk);
    this.#held = [];
  }

  /** The hand-over from the last resolved write. */
  handOver(): CompressHandover {
    const check = this.#check.clone();
    const unflushed = new Uint8Array(Buffer.concat(this.#held));
    check.add(unflushed);
    const header = this.#headerDelivered ? new Uint8Array(0) : this.#header;
    return new CompressHandover(header, this.#history.slice(0, this.#historyLength), unflushed, check);
  }

  #take(chunk: Uint8Array): void {
    this.#check.add(chunk);
    const history = this.#history;
    if (chunk.length >= DEFLATE_WINDOW) {
      history.set(chunk.subarray(chunk.length - DEFLATE_WINDOW));
      this.#historyLength = DEFLATE_WINDOW;
      return;
    }
    const keep = Math.min(this.#historyLength, DEFLATE_WINDOW - chunk.length);
    history.copyWithin(0, this.#historyLength - keep, this.#historyLength);
    history.set(chunk, keep);
    this.#historyLength = keep + chunk.length;
  }
}
