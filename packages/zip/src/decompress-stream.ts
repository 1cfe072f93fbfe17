// SPDX-License-Identifier: Apache-2.0
// Stateful decompression (spec §4.9 "Stream decompress") with the framing the vendor driver skips:
//
//   ┌────────┐ complete  ┌──────┐ 0x13+lstblk ┌─────────┐ verified ┌─────┐ gzip, next byte ≠ 0
//   │ header │──────────►│ body │────────────►│ trailer │─────────►│ end │──────────► header
//   └────────┘           └──────┘             └─────────┘          └─────┘
//
// The header is parsed in full here (RFC 1950/1952); the device sees the deflate body (and may
// take the trailer too); the trailer is checked against the running checksum and isize the
// device returns. Output space is offered in growing buffers (unknown output size); "no
// space" (ctx_st 0x1/0x2, status 0x0E or a full buffer) is answered by resubmitting, with no new
// input where none is left, and nothing is lost or duplicated because the device reports exactly
// what it consumed and produced. gzip members follow one another like gunzip (node's rule: a zero
// byte after a member ends the data, anything else must be another member).
import {
  adler32Combine,
  crc32Combine,
  gzipCrcFromChecksumWord,
  UacceDeviceError,
  windowSizeCode,
  ZIP_CTX_BUFFER_SIZE,
  ZIP_CTX_HW_OFFSET,
  ZIP_CTX_ST,
  zipCtxHeadBitCount,
  zipCtxState,
  zipStatusError,
} from '@uacce/abi';
import { type Completion, classifyCompletion } from './completion';
import { type DeviceContext, exchange, type StreamWords, wordsOf } from './descriptor';
import { describeBuffers } from './device-input';
import { outputTooLargeError, truncatedError } from './errors';
import type { ZipFormat } from './format';
import { type GzipHeaderScan, parseGzipHeader } from './gzip-header';
import type { FormatPlan } from './hardware-profile';
import { ChunkList } from './internal/chunk-list';
import { DECOMPRESS_INITIAL_OUTPUT, MAX_DESCRIPTOR_BYTES, STATEFUL_MIN_OUTPUT } from './limits';
import type { Operation } from './operation';
import { RunningCheck } from './running-check';
import {
  GZIP_TRAILER_LENGTH,
  verifyGzipTrailer,
  verifyZlibTrailer,
  writeGzipTrailer,
  writeZlibTrailer,
} from './trailer';
import { parseZlibHeader } from './zlib-header';

export interface DecompressStreamOptions {
  format: ZipFormat;
  plan: FormatPlan;
  /** Largest window a zlib header may declare (node's windowBits); 15 by default. */
  windowBits: number;
  /** Total output allowed before ERR_BUFFER_TOO_LARGE. */
  maxOutputLength: number;
  /** First output buffer size; grows by doubling to 8 MiB. */
  initialOutput?: number;
}

type Phase = 'header' | 'body' | 'trailer' | 'end';

/** How far a decompression got: input consumed, output produced and the output's running check. */
export interface DecompressProgress {
  /** Input bytes taken (headers, bodies and trailers; not the bytes after the end). */
  consumed: number;
  /** Output bytes produced. */
  produced: number;
  /** CRC-32 (gzip, raw deflate) or Adler-32 (zlib) of every output byte, computed in software. */
  checksum: number;
}

const TRAILER_WINDOW = GZIP_TRAILER_LENGTH;
// From the 4 KiB minimum, 12 doublings pass the 8 MiB ceiling: more refusals mean a broken device.
const MAX_SPACE_RETRIES = 12;

function endsWith(bytes: Uint8Array, suffix: Uint8Array): boolean {
  if (bytes.length < suffix.length) return false;
  const offset = bytes.length - suffix.length;
  return suffix.every((byte, index) => bytes[offset + index] === byte);
}

const NO_WORDS: StreamWords = { ctxDw0: 0, ctxDw1: 0, ctxDw2: 0, isize: 0, checksum: 0 };
// The device decodes with the largest window: what matters is the history it keeps, and 32 KiB
// covers every stream (whether DW9's window is honoured on decompression is open question 13).
const DECOMPRESS_WINDOW_CODE = windowSizeCode(32 * 1024);

/** One decompression stream (possibly several gzip members) on the device. */
export class DecompressStream {
  readonly #device: DeviceContext;
  readonly #options: DecompressStreamOptions;
  readonly #context = new Uint8Array(ZIP_CTX_BUFFER_SIZE);
  readonly #pending = new ChunkList();
  #phase: Phase = 'header';
  #words: StreamWords = NO_WORDS;
  #streamNew = true;
  #ended = false;
  #total = 0;
  #consumed = 0;
  // The software check of this member's output (the trailer is verified against it, not against
  // the device's own checksum words, so wrong bytes with right words are caught), and of the
  // members before it.
  readonly #member: RunningCheck;
  #before: { checksum: number; length: number } | undefined;
  // Set when the device may hold output that needs another request even without new input.
  #resubmit = false;
  // Consecutive "no space" answers that committed nothing.
  #retries = 0;
  // The last bytes the device consumed in this member (up to TRAILER_WINDOW), kept in place.
  readonly #consumedTail = new Uint8Array(TRAILER_WINDOW);
  #consumedTailLength = 0;
  #headerScan: GzipHeaderScan = { field: -1, scanned: 0 };
  #outputSize: number;
  #outputBuffer: Uint8Array | undefined;
  #outputOffset = 0;
  // Resolved once: the context buffer never moves (an off-heap backing store).
  #contextAddress: bigint | undefined;

  constructor(device: DeviceContext, options: DecompressStreamOptions) {
    this.#device = device;
    this.#options = options;
    this.#outputSize = options.initialOutput ?? DECOMPRESS_INITIAL_OUTPUT;
    this.#member = new RunningCheck(options.format);
  }

  get progress(): DecompressProgress {
    const member = this.#member;
    const before = this.#before;
    const combine = this.#options.format === 'zlib' ? adler32Combine : crc32Combine;
    const checksum = before ? combine(before.checksum, member.value, member.length) : member.value;
    return { consumed: this.#consumed, produced: this.#total, checksum };
  }

  /** True when the stream (the last gzip member so far) has ended and its trailer was verified. */
  get ended(): boolean {
    return this.#ended;
  }

  /** Input received after the end of the stream (not part of it); empty while not ended. */
  get trailing(): Uint8Array {
    return this.#ended ? this.#pending.slice(0, this.#pending.length) : new Uint8Array(0);
  }

  /**
   * True while the stream has work it can do without new input: input not yet decoded, output the
   * device still holds, a trailer still to read, or another gzip member waiting. A write stopped
   * by its `limit` leaves this true; writing again (with no new input) goes on.
   */
  get hasPendingWork(): boolean {
    if (this.#ended) return this.#startsAnotherMember();
    return this.#pending.length > 0 || this.#resubmit || this.#phase === 'trailer' || this.#phase === 'end';
  }

  /**
   * Decompresses `chunks` and returns the output produced now: at most about `limit` bytes (one
   * request may overshoot it), the rest waits for the next write. With `final`, input that ends
   * before the stream does throws Z_BUF_ERROR. Throws ZlibDataError (Z_DATA_ERROR, Z_NEED_DICT,
   * ERR_BUFFER_TOO_LARGE), UacceDeviceError from the queue.
   */
  *write(
    chunks: readonly Uint8Array[],
    final: boolean,
    limit = Number.POSITIVE_INFINITY,
  ): Operation<Uint8Array[]> {
    for (const chunk of chunks) this.#pending.push(chunk);
    const output: Uint8Array[] = [];
    const start = this.#total;
    if (this.#ended && this.#startsAnotherMember()) {
      this.#ended = false;
      this.#phase = 'header';
    }
    while (!this.#ended && this.#total - start < limit && (yield* this.#advance(output)));
    const stoppedByLimit = this.#total - start >= limit && this.hasPendingWork;
    if (final && !this.#ended && !stoppedByLimit) throw truncatedError();
    return output;
  }

  /** Runs one step of the state machine; false when it needs more input. */
  *#advance(output: Uint8Array[]): Operation<boolean> {
    switch (this.#phase) {
      case 'header':
        return this.#readHeader();
      case 'body':
        return yield* this.#decodeBody(output);
      case 'trailer':
        return this.#readTrailer();
      case 'end':
        if (this.#startsAnotherMember()) this.#phase = 'header';
        else this.#ended = true;
        return true;
    }
  }

  /** gzip only: bytes after a member start another one unless the next byte is 0 (gunzip/node rule). */
  #startsAnotherMember(): boolean {
    return this.#options.format === 'gzip' && this.#pending.length > 0 && this.#pending.at(0) !== 0;
  }

  #readHeader(): boolean {
    const { format, windowBits } = this.#options;
    let length = 0;
    if (format === 'gzip') {
      const parsed = parseGzipHeader(this.#pending, 0, this.#headerScan);
      if (parsed === undefined) return false;
      length = parsed.length;
    } else if (format === 'zlib') {
      if (parseZlibHeader(this.#pending, 0, windowBits) === undefined) return false;
      length = 2;
    }
    this.#consume(length);
    this.#startMember();
    this.#headerScan = { field: -1, scanned: 0 };
    // A new member is a new stream for the device: fresh context, stream_new, checksums from zero.
    this.#context.fill(0);
    this.#words = NO_WORDS;
    this.#streamNew = true;
    this.#resubmit = false;
    this.#consumedTailLength = 0;
    this.#phase = 'body';
    return true;
  }

  /** The members before the current one, combined (progress across gzip members). */
  #startMember(): void {
    if (this.#member.length > 0 || this.#before !== undefined) {
      const { checksum } = this.progress;
      this.#before = { checksum, length: (this.#before?.length ?? 0) + this.#member.length };
    }
    this.#member.reset();
  }

  #consume(length: number): void {
    this.#pending.consume(length);
    this.#consumed += length;
  }

  /**
   * Spec open question 6: whether the device consumes and checks the trailer is not documented.
   * Both are handled: if the last bytes the device consumed are the trailer its own checksum
   * words predict, it took them; otherwise the trailer must follow in the input. Either way the
   * stored trailer is checked against the software check of the output.
   */
  #readTrailer(): boolean {
    const { format } = this.#options;
    if (format === 'deflate-raw') {
      this.#phase = 'end';
      return true;
    }
    const { checksum, isize } = this.#words;
    const crc = format === 'gzip' ? gzipCrcFromChecksumWord(checksum) : 0;
    const taken = format === 'gzip' ? writeGzipTrailer(crc, isize) : writeZlibTrailer(checksum);
    const tail = this.#consumedTail.subarray(0, this.#consumedTailLength);
    const source = endsWith(tail, taken) ? tail.subarray(tail.length - taken.length) : this.#pending;
    const { value, length } = this.#member;
    const complete =
      format === 'gzip'
        ? verifyGzipTrailer(source, 0, value, length % 2 ** 32)
        : verifyZlibTrailer(source, 0, value);
    if (!complete) return false;
    if (source === this.#pending) this.#consume(taken.length);
    this.#phase = 'end';
    return true;
  }

  /** Keeps the last TRAILER_WINDOW bytes the device consumed in this member (no allocation). */
  #recordConsumed(consumed: number): void {
    if (consumed === 0) return;
    const tail = this.#consumedTail;
    const take = Math.min(consumed, TRAILER_WINDOW);
    const keep = Math.min(this.#consumedTailLength, TRAILER_WINDOW - take);
    tail.copyWithin(0, this.#consumedTailLength - keep, this.#consumedTailLength);
    for (let index = 0; index < take; index++) {
      tail[keep + index] = this.#pending.at(consumed - take + index) as number;
    }
    this.#consumedTailLength = keep + take;
  }

  /** The next piece of output space: the rest of the current buffer, or a new, larger one. */
  #outputRegion(): Uint8Array {
    const remaining = this.#outputBuffer === undefined ? 0 : this.#outputBuffer.length - this.#outputOffset;
    if (this.#outputBuffer === undefined || remaining < STATEFUL_MIN_OUTPUT) {
      this.#outputBuffer = new Uint8Array(this.#outputSize);
      this.#outputOffset = 0;
    }
    // Offer at most one byte more than the limit allows (but never below the stateful minimum),
    // so a decompression bomb is stopped after the limit rather than after the whole buffer.
    const allowed = Math.max(STATEFUL_MIN_OUTPUT, this.#options.maxOutputLength - this.#total + 1);
    const end = Math.min(this.#outputBuffer.length, this.#outputOffset + allowed);
    return this.#outputBuffer.subarray(this.#outputOffset, end);
  }

  /** One stateful request over the pending body bytes; false when nothing moved. */
  *#decodeBody(output: Uint8Array[]): Operation<boolean> {
    const inputLength = Math.min(this.#pending.length, MAX_DESCRIPTOR_BYTES);
    if (inputLength === 0 && !this.#resubmit) return false;
    const region = this.#outputRegion();
    this.#contextAddress ??= this.#device.addressOf(this.#context) + BigInt(ZIP_CTX_HW_OFFSET);
    const completion = yield* exchange(
      this.#device,
      {
        plan: this.#options.plan,
        buffers: describeBuffers(this.#pending.ranges(0, inputLength), region, this.#device.addressOf),
        destAvailOut: region.length,
        windowSize: DECOMPRESS_WINDOW_CODE,
        stateful: {
          contextAddress: this.#contextAddress,
          streamNew: this.#streamNew,
          finish: false,
          words: this.#words,
        },
      },
      [this.#context],
    );
    const outcome = classifyCompletion(completion, 'decompress');
    if (completion.consumed > inputLength || completion.produced > region.length) {
      throw new UacceDeviceError(
        'ERR_UACCE_BAD_COMPLETION',
        'the device reported more bytes than the request holds',
      );
    }
    const progressed = completion.consumed > 0 || completion.produced > 0;
    if (outcome === 'no-space' && !progressed) return this.#offerMoreSpace(completion, region);
    this.#retries = 0;
    this.#streamNew = false;
    this.#words = wordsOf(completion);
    this.#recordConsumed(completion.consumed);
    this.#consume(completion.consumed);
    this.#takeOutput(region, completion.produced, output);
    if (outcome === 'stream-end') {
      this.#resubmit = false;
      this.#phase = 'trailer';
      return true;
    }
    const full = outcome === 'no-space' || completion.produced === region.length;
    if (full) this.#outputSize = Math.min(this.#outputSize * 2, MAX_DESCRIPTOR_BYTES);
    this.#resubmit = progressed && (full || this.#holdsOutput(completion));
    return progressed;
  }

  /**
   * Status 0x0E with nothing consumed or produced: nothing was committed, so the same request goes
   * again with a fresh, larger buffer (the stream words stay those of the last real progress).
   * Bounded: a device that keeps refusing ends in its HardwareStatusError.
   */
  #offerMoreSpace(completion: Completion, region: Uint8Array): boolean {
    this.#retries += 1;
    if (this.#retries > MAX_SPACE_RETRIES || region.length >= MAX_DESCRIPTOR_BYTES) {
      throw zipStatusError(completion.status);
    }
    this.#outputSize = Math.min(Math.max(this.#outputSize, region.length) * 2, MAX_DESCRIPTOR_BYTES);
    this.#outputBuffer = undefined;
    this.#resubmit = true;
    return true;
  }

  /** ctx_st says the device still holds output or a cached final block (spec §4.6, §4.9). */
  #holdsOutput(completion: Completion): boolean {
    const state = zipCtxState(completion.ctxDw0);
    if (state === ZIP_CTX_ST.DECOMP_NO_SPACE || state === ZIP_CTX_ST.DECOMPING_NO_SPACE) return true;
    return state === ZIP_CTX_ST.DECOMP_BLK_NOSTART && zipCtxHeadBitCount(completion.ctxDw0) > 0;
  }

  #takeOutput(region: Uint8Array, produced: number, output: Uint8Array[]): void {
    if (produced === 0) return;
    const piece = region.subarray(0, produced);
    this.#member.add(piece);
    output.push(piece);
    this.#outputOffset += produced;
    this.#total += produced;
    if (this.#total > this.#options.maxOutputLength) throw outputTooLargeError(this.#options.maxOutputLength);
  }
}
