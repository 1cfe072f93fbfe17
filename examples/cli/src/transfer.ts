// SPDX-License-Identifier: Apache-2.0
// One run of data through a compressor or decompressor, with byte counts and timing.
import { PassThrough, type Readable, Transform, type TransformCallback, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Engine } from './args';
import { createCompressor, createDecompressor, type DecodingStream } from './internal/zlib';
import type { Trailing } from './members';
import { ProgressBar, type ProgressTerminal } from './progress';

/** What a transfer measured. */
export interface TransferResult {
  bytesIn: number;
  bytesOut: number;
  nanoseconds: bigint;
  /** The engine the stream reported ('hardware', 'software'); undefined if it did not say. */
  engine: string | undefined;
  /** True when that hardware is the emulator. */
  emulated: boolean;
  /** Why the stream left (or never took) the hardware. */
  fallbackReason: string | undefined;
  /** Decompression: what followed the last member ('none' on hardware, which stops at it). */
  trailing: Trailing;
  /** Decompression: the last member's stored CRC-32 and ISIZE (0 on hardware). */
  lastCrc: number;
  lastSize: number;
}

// Enough of the input to hold a gzip header with a file name, for -v's ratio.
const HEAD_BYTES = 1024;

/** Counts bytes and keeps the first few (to tell "not gzip" from "corrupt gzip"). */
export class ByteCounter extends Transform {
  bytes = 0;
  head = Buffer.alloc(0);
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.head.length < HEAD_BYTES) {
      this.head = Buffer.concat([this.head, chunk.subarray(0, HEAD_BYTES - this.head.length)]);
    }
    callback(null, chunk);
  }
}

/** One transfer: direction, engine, endpoints, and optional progress and input counter. */
export interface TransferRequest {
  direction: 'compress' | 'decompress';
  level: number;
  engine: Engine;
  source: Readable;
  destination: Writable;
  /** When set, a progress bar for an input of `total` bytes is drawn on the terminal. */
  progress?: { name: string; total: number; terminal: ProgressTerminal };
  /** Counts the input; pass one to look at its first bytes after a failure. */
  input?: ByteCounter;
}

/** Pipes source → (progress) → codec → destination; rejects with the first error of any stage. */
export async function transfer(request: TransferRequest): Promise<TransferResult> {
  const input = request.input ?? new ByteCounter();
  const output = new ByteCounter();
  const codec: DecodingStream =
    request.direction === 'compress'
      ? createCompressor(request.level, request.engine)
      : createDecompressor(request.engine);
  const bar = request.progress
    ? new ProgressBar(request.progress.name, request.progress.total, request.progress.terminal)
    : new PassThrough();
  const started = process.hrtime.bigint();
  await pipeline(request.source, input, bar, codec, output, request.destination);
  return {
    bytesIn: input.bytes,
    bytesOut: output.bytes,
    nanoseconds: process.hrtime.bigint() - started,
    engine: codec.engine,
    emulated: codec.engineInfo?.emulated ?? false,
    fallbackReason: codec.fallbackReason,
    trailing: codec.trailing ?? 'none',
    lastCrc: codec.lastCrc ?? 0,
    lastSize: codec.lastSize ?? 0,
  };
}
