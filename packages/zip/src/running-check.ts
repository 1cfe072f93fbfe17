// SPDX-License-Identifier: Apache-2.0
// The running check of a stream, the one place that knows which checksum a format uses and where
// it starts: Adler-32 from 1 for zlib (RFC 1950), CRC-32 from 0 for gzip (RFC 1952) and, for raw
// deflate (no trailer), CRC-32 too, so its output can still be compared with a software replay.
// Zero-length input never reaches the runtime's helper: Node 20's `zlib.crc32(empty, value)`
// answers 0 instead of `value`, and a checksum must not depend on such edge cases.
import zlib from 'node:zlib';
import { adler32 } from '@uacce/abi';
import type { ZipFormat } from './format';

/** The checksum of an empty input in trailer form: Adler-32 starts at 1, CRC-32 at 0. */
export function initialChecksum(format: ZipFormat): number {
  return format === 'zlib' ? 1 : 0;
}

/** The checksum of `format` over `bytes`, continuing from `value`. */
export function updateChecksum(format: ZipFormat, value: number, bytes: Uint8Array): number {
  if (bytes.length === 0) return value;
  return format === 'zlib' ? adler32(bytes, value) : zlib.crc32(bytes, value) >>> 0;
}

/** A format's checksum and the byte count (ISIZE is its low 32 bits) over everything added. */
export class RunningCheck {
  readonly format: ZipFormat;
  #value: number;
  #length = 0;

  constructor(format: ZipFormat, value = initialChecksum(format), length = 0) {
    this.format = format;
    this.#value = value;
    this.#length = length;
  }

  /** The checksum so far, in trailer form. */
  get value(): number {
    return this.#value;
  }

  /** Bytes added so far. */
  get length(): number {
    return this.#length;
  }

  add(bytes: Uint8Array): void {
    this.#value = updateChecksum(this.format, this.#value, bytes);
    this.#length += bytes.length;
  }

  /** Back to the empty input. */
  reset(): void {
    this.#value = initialChecksum(this.format);
    this.#length = 0;
  }

  clone(): RunningCheck {
    return new RunningCheck(this.format, this.#value, this.#length);
  }
}
