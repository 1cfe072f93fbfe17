// SPDX-License-Identifier: Apache-2.0
// Stateful compression (spec §4.9 "Stream compress"): one 64 KiB context buffer per stream with the
// hardware area at +64, context words and the running checksum/isize handed from each completion
// to the next request, stream_new on the first request (and after a full flush). Every request
// ends in a sync flush or, for the last, a finish; so after any write with flush 'sync' the peer
// can decode everything so far (Z_SYNC_FLUSH), 'full' also resets the history (Z_FULL_FLUSH), and
// 'finish' ends the stream with its trailer (Z_FINISH).
import {
  gzipCrcFromChecksumWord,
  UacceArgumentError,
  UacceDeviceError,
  windowSizeCode,
  ZIP_CTX_BUFFER_SIZE,
  ZIP_CTX_HW_OFFSET,
  zipStatusError,
} from '@uacce/abi';
import { classifyCompletion } from './completion';
import { type DeviceContext, exchange, type StreamWords, wordsOf } from './descriptor';
import { describeBuffers } from './device-input';
import { writeEmptyFinal } from './empty-final';
import { hardwareWindowBits, type ZipFormat } from './format';
import { writeGzipHeader } from './gzip-header';
import type { FormatPlan } from './hardware-profile';
import { ChunkList } from './internal/chunk-list';
import { compact } from './internal/compact';
import {
  COMPRESS_OUTPUT_BUFFER,
  MAX_DESCRIPTOR_BYTES,
  STATEFUL_COMPRESS_MAX_INPUT,
  statefulCompressOutput,
  UNFLUSHED_INPUT_THRESHOLD,
} from './limits';
import type { Operation } from './operation';
import { initialChecksum } from './running-check';
import { SegmentedChecksum } from './segmented-checksum';
import { writeGzipTrailer, writeZlibTrailer } from './trailer';
import { writeZlibHeader } from './zlib-header';

/** zlib's flush modes as the sessions name them. */
export type FlushMode = 'none' | 'sync' | 'full' | 'finish';

export interface CompressStreamOptions {
  format: ZipFormat;
  plan: FormatPlan;
  level: number;
  windowBits: number;
}

const MAX_IDLE_REQUESTS = 16;

/** The header the driver writes in front of the first output (spec §4.8). */
export function headerFor(format: ZipFormat, level: number, windowBits: number): Uint8Array {
  if (format === 'gzip') return writeGzipHeader(level);
  if (format === 'zlib') return writeZlibHeader(hardwareWindowBits(windowBits), level);
  return new Uint8Array(0);
}

/** One compression stream on the device; `write` is an Operation run by the session. */
export class CompressStream {
  readonly #device: DeviceContext;
  readonly #options: CompressStreamOptions;
  // Zero-filled at allocation, as the hardware expects of a new session (spec §4.7).
  readonly #context = new Uint8Array(ZIP_CTX_BUFFER_SIZE);
  readonly #pending = new ChunkList();
  #words: StreamWords = { ctxDw0: 0, ctxDw1: 0, ctxDw2: 0, isize: 0, checksum: 0 };
  #started = false;
  #headerWritten = false;
  #finished = false;
  // Full flush: the next request starts a new device stream (see segmented-checksum.ts).
  #restart = false;
  #segmentLength = 0;
  readonly #segments: SegmentedChecksum;
  // Resolved once: the context buffer never moves (an off-heap backing store).
  #contextAddress: bigint | undefined;
  // Output space is carved from one buffer, as decompression does: a request offers what it
  // needs and uses up only what it produced, so a run of small writes shares one allocation
  // instead of zero-filling 9/8 of its input each time (small results are copied out by compact).
  #outputBuffer: Uint8Array | undefined;
  #outputOffset = 0;

  constructor(device: DeviceContext, options: CompressStreamOptions) {
    this.#device = device;
    this.#options = options;
    this.#segments = new SegmentedChecksum(options.format);
  }

  /** True once a 'finish' write has ended the stream. */
  get finished(): boolean {
    return this.#finished;
  }

  get format(): ZipFormat {
    return this.#options.format;
  }

  /** The header this stream writes in front of its first output. */
  get header(): Uint8Array {
    const { format, level, windowBits } = this.#options;
    return headerFor(format, level, windowBits);
  }

  /** Input accepted and not compressed yet ('none' writes below the threshold). */
  get pendingLength(): number {
    return this.#pending.length;
  }

  /**
   * Compresses `chunks` and returns the output produced now. With 'none', input is gathered until
   * UNFLUSHED_INPUT_THRESHOLD and may produce nothing yet. Throws ERR_INVALID_ARG_VALUE after the
   * stream finished, HardwareStatusError for a failing status, UacceDeviceError from the queue.
   */
  *write(chunks: readonly Uint8Array[], flush: FlushMode): Operation<Uint8Array[]> {
    if (this.#finished)
      throw new UacceArgumentError('ERR_INVALID_ARG_VALUE', 'the compression stream has already finished');
    for (const chunk of chunks) this.#pending.push(chunk);
    const output: Uint8Array[] = [];
    if (flush === 'none' && this.#pending.length < UNFLUSHED_INPUT_THRESHOLD) return output;
    if (!this.#headerWritten && (this.#pending.length > 0 || flush === 'finish')) {
      const header = this.header;
      if (header.length > 0) output.push(header);
      this.#headerWritten = true;
    }
    let idle = 0;
    while (this.#pending.length > 0) {
      const take = Math.min(this.#pending.length, STATEFUL_COMPRESS_MAX_INPUT);
      const finish = flush === 'finish' && take === this.#pending.length;
      const before = this.#pending.length;
      output.push(...(yield* this.#request(take, finish)));
      // A device that keeps answering without taking input would otherwise loop forever.
      idle = this.#pending.length === before ? idle + 1 : 0;
      if (idle > MAX_IDLE_REQUESTS) {
        throw new UacceDeviceError(
          'ERR_UACCE_BAD_COMPLETION',
          'the device stopped consuming compression input',
        );
      }
    }
    if (flush === 'finish' && !this.#finished) {
      output.push(...writeEmptyFinal(this.#options.format, this.#checksum()));
      this.#finished = true;
    }
    if (flush === 'full' && this.#started && !this.#restart) {
      this.#segments.close(this.#segmentChecksum(), this.#segmentLength);
      this.#restart = true;
    }
    return output;
  }

  /** The current device stream's checksum in trailer form (initial before its first request). */
  #segmentChecksum(): number {
    const { format } = this.#options;
    if (!this.#started || this.#restart) return initialChecksum(format);
    return format === 'gzip' ? gzipCrcFromChecksumWord(this.#words.checksum) : this.#words.checksum >>> 0;
  }

  /** The running checksum and ISIZE of the whole stream, in trailer form. */
  #checksum(): { checksum: number; isize: number } {
    return this.#segments.combined(this.#segmentChecksum(), this.#restart ? 0 : this.#segmentLength);
  }

  /** The finishing request's output: the device trailer is cut (v2 raw) or replaced (after a full flush). */
  #finalOutput(output: Uint8Array, produced: number): Uint8Array[] {
    const { plan, format } = this.#options;
    const body = output.subarray(0, produced - plan.stripTrailer);
    if (!this.#segments.restarted || plan.deviceTrailer === 0) return [compact(body)];
    const { checksum, isize } = this.#checksum();
    const trailer = format === 'gzip' ? writeGzipTrailer(checksum, isize) : writeZlibTrailer(checksum);
    return [compact(body.subarray(0, body.length - plan.deviceTrailer)), trailer];
  }

  /** `space` bytes of output (at most 8 MiB) after everything handed out so far. */
  #outputRegion(space: number): Uint8Array {
    const size = Math.min(space, MAX_DESCRIPTOR_BYTES);
    let buffer = this.#outputBuffer;
    if (buffer === undefined || buffer.length - this.#outputOffset < size) {
      buffer = new Uint8Array(Math.max(size, COMPRESS_OUTPUT_BUFFER));
      this.#outputBuffer = buffer;
      this.#outputOffset = 0;
    }
    return buffer.subarray(this.#outputOffset, this.#outputOffset + size);
  }

  /** One stateful request over the first `take` pending bytes; resubmits on "no space". */
  *#request(take: number, finish: boolean): Operation<Uint8Array[]> {
    const { plan, windowBits } = this.#options;
    let space = statefulCompressOutput(take);
    // A new device stream after a full flush starts from a zeroed context (spec §4.7).
    if (this.#restart) this.#context.fill(0);
    this.#contextAddress ??= this.#device.addressOf(this.#context) + BigInt(ZIP_CTX_HW_OFFSET);
    for (;;) {
      const output = this.#outputRegion(space);
      const buffers = describeBuffers(this.#pending.ranges(0, take), output, this.#device.addressOf);
      const completion = yield* exchange(
        this.#device,
        {
          plan,
          buffers,
          destAvailOut: output.length,
          windowSize: windowSizeCode(1 << hardwareWindowBits(windowBits)),
          stateful: {
            contextAddress: this.#contextAddress,
            streamNew: !this.#started || this.#restart,
            finish,
            words: this.#words,
          },
        },
        [this.#context],
      );
      const outcome = classifyCompletion(completion, 'compress');
      const progressed = completion.consumed > 0 || completion.produced > 0;
      if (outcome === 'no-space' && !progressed) {
        // Nothing was committed: offer more room and send the same input again.
        if (output.length >= MAX_DESCRIPTOR_BYTES) throw zipStatusError(completion.status);
        space = output.length * 2;
        continue;
      }
      if (!progressed)
        throw new UacceDeviceError(
          'ERR_UACCE_BAD_COMPLETION',
          'the device made no progress on a compression request',
        );
      if (completion.consumed > take || completion.produced > output.length) {
        throw new UacceDeviceError(
          'ERR_UACCE_BAD_COMPLETION',
          'the device reported more bytes than the request holds',
        );
      }
      if (this.#restart) this.#segmentLength = 0;
      this.#started = true;
      this.#restart = false;
      this.#words = wordsOf(completion);
      this.#segmentLength += completion.consumed;
      this.#pending.consume(completion.consumed);
      this.#outputOffset += completion.produced;
      if (finish && completion.consumed === take && outcome === 'progress') {
        this.#finished = true;
        return this.#finalOutput(output, completion.produced);
      }
      return [compact(output.subarray(0, completion.produced))];
    }
  }
}
