// SPDX-License-Identifier: Apache-2.0
// Independent check of hardware decompression output. The driver checks the stream's trailer
// against the checksum words the device reports; a device that returns wrong bytes with right
// words (the emulator's "corrupt" fault) passes that check. So the stream layer keeps its own
// checksum of what it pushed (CRC-32 for gzip, Adler-32 for zlib; CRC-32 for raw deflate, which
// has no trailer and is only compared against a software replay) and compares it with the
// trailer at the end, and with the replay after a fallback.

import zlib from 'node:zlib';
import { adler32 } from '@uacce/abi';
import type { Format } from '../options';

const TAIL = 64;

export class OutputCheck {
  readonly format: Format;
  /** Checksum of every output byte so far. */
  value: number;
  #tail: Uint8Array = new Uint8Array(0);

  constructor(format: Format) {
    this.format = format;
    this.value = OutputCheck.initial(format);
  }

  static initial(format: Format): number {
    return format === 'zlib' ? 1 : 0;
  }

  /** The checksum of `format` over `bytes`, continuing from `value`. */
  static update(format: Format, bytes: Uint8Array, value: number): number {
    return format === 'zlib' ? adler32(bytes, value) : zlib.crc32(bytes, value);
  }

  addOutput(bytes: Uint8Array): void {
    this.value = OutputCheck.update(this.format, bytes, this.value);
  }

  /** Remembers the last input bytes (where the trailer is). */
  addInput(bytes: Uint8Array): void {
    const joined = new Uint8Array(Math.min(TAIL, this.#tail.length + bytes.length));
    const fromBytes = Math.min(bytes.length, joined.length);
    const fromTail = joined.length - fromBytes;
    joined.set(this.#tail.subarray(this.#tail.length - fromTail), 0);
    joined.set(bytes.subarray(bytes.length - fromBytes), fromTail);
    this.#tail = joined;
  }

  /**
   * Whether the trailer that ends `trailingLength` bytes before the end of the input matches the
   * output (single gzip member or zlib stream); undefined when it cannot tell (raw deflate, tail
   * not kept). A gzip mismatch may also mean several members.
   */
  matchesTrailer(trailingLength: number, outputLength: number): boolean | undefined {
    const size = this.format === 'gzip' ? 8 : this.format === 'zlib' ? 4 : 0;
    const end = this.#tail.length - trailingLength;
    if (size === 0 || end - size < 0) return undefined;
    const view = new DataView(this.#tail.buffer, this.#tail.byteOffset + end - size, size);
    if (this.format === 'zlib') return view.getUint32(0, false) === this.value;
    return view.getUint32(0, true) === this.value && view.getUint32(4, true) === outputLength % 2 ** 32;
  }
}
