// SPDX-License-Identifier: Apache-2.0
// A full flush (Z_FULL_FLUSH) resets the compression history. The driver does that by starting a
// new device stream (stream_new, zeroed context) in the middle of the same output stream; the
// device then also restarts its checksum and ISIZE (spec §4.5), so the driver keeps what came
// before and combines it with the current segment (crc32/adler32 "combine") for the trailer.
import { adler32Combine, crc32Combine } from '@uacce/abi';
import type { ZipFormat } from './format';
import { initialChecksum } from './running-check';

/** Running checksum and length over every segment of one stream. */
export class SegmentedChecksum {
  readonly #format: ZipFormat;
  #checksum: number;
  #length = 0;
  #segments = 0;

  constructor(format: ZipFormat) {
    this.#format = format;
    this.#checksum = initialChecksum(format);
  }

  /** True once a segment was closed: the device's trailer then covers only the last segment. */
  get restarted(): boolean {
    return this.#segments > 0;
  }

  /** The checksum and ISIZE of everything, given the current segment's checksum and length. */
  combined(segmentChecksum: number, segmentLength: number): { checksum: number; isize: number } {
    const combine = this.#format === 'zlib' ? adler32Combine : crc32Combine;
    const checksum = this.restarted
      ? combine(this.#checksum, segmentChecksum, segmentLength)
      : segmentChecksum >>> 0;
    return { checksum, isize: (this.#length + segmentLength) % 2 ** 32 };
  }

  /** Closes the current segment (its checksum and length); the next one starts from nothing. */
  close(segmentChecksum: number, segmentLength: number): void {
    this.#checksum = this.combined(segmentChecksum, segmentLength).checksum;
    this.#length += segmentLength;
    this.#segments += 1;
  }
}
