// SPDX-License-Identifier: Apache-2.0
/**
 * What the framing parsers read from: a Uint8Array or a ChunkList (several Buffers seen as one
 * run of bytes, no concatenation). `at` returns undefined past the end, which the parsers read
 * as "not enough bytes yet".
 */
export interface ByteSource {
  readonly length: number;
  at(index: number): number | undefined;
  /** A contiguous copy of [start, end). */
  slice(start: number, end: number): Uint8Array;
}

/** Little-endian u16 at `offset`, or undefined when the source ends first. */
export function readUint16LE(source: ByteSource, offset: number): number | undefined {
  const low = source.at(offset);
  const high = source.at(offset + 1);
  return low === undefined || high === undefined ? undefined : low | (high << 8);
}

/** Little-endian u32 at `offset`, or undefined when the source ends first. */
export function readUint32LE(source: ByteSource, offset: number): number | undefined {
  const low = readUint16LE(source, offset);
  const high = readUint16LE(source, offset + 2);
  return low === undefined || high === undefined ? undefined : (low + high * 0x10000) >>> 0;
}

/** Big-endian u32 at `offset`, or undefined when the source ends first. */
export function readUint32BE(source: ByteSource, offset: number): number | undefined {
  let value = 0;
  for (let i = 0; i < 4; i++) {
    const byte = source.at(offset + i);
    if (byte === undefined) return undefined;
    value = value * 256 + byte;
  }
  return value;
}
