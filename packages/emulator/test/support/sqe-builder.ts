// SPDX-License-Identifier: Apache-2.0
// The test client's own tiny SQE encoder (field positions from spec §4.2).
import { loadNative } from '@uacce/native';

export interface SqeFields {
  requestType: number;
  source: Buffer | bigint;
  sourceLength: number;
  dest: Buffer | bigint;
  destLength: number;
  sqeType?: number;
  bufferType?: number;
  windowSize?: number;
  streamMode?: number;
  streamNew?: number;
  finish?: number;
  inOffset?: number;
  outOffset?: number;
  context?: Buffer | bigint;
  tag?: number;
  checksum?: number;
  isize?: number;
}

function address(value: Buffer | bigint | undefined): bigint {
  if (value === undefined) return 0n;
  return typeof value === 'bigint' ? value : loadNative().addressOf(value);
}

export function buildSqe(fields: SqeFields): Buffer {
  const sqe = Buffer.alloc(128);
  const sqeType = fields.sqeType ?? 3;
  sqe.writeUInt32LE(fields.sourceLength, 4 * 4);
  const dw7 =
    (fields.inOffset ?? 0) |
    ((fields.finish ?? 1) << 25) |
    ((fields.streamMode ?? 0) << 26) |
    ((fields.streamNew ?? 1) << 27) |
    (sqeType << 28);
  sqe.writeUInt32LE(dw7 >>> 0, 7 * 4);
  sqe.writeUInt32LE(fields.outOffset ?? 0, 8 * 4);
  sqe.writeUInt32LE(
    fields.requestType | ((fields.bufferType ?? 0) << 8) | ((fields.windowSize ?? 4) << 12),
    9 * 4,
  );
  sqe.writeUInt32LE(fields.tag ?? 0, (sqeType === 3 ? 26 : 13) * 4);
  sqe.writeUInt32LE(fields.destLength, 14 * 4);
  sqe.writeBigUInt64LE(address(fields.source), 18 * 4);
  sqe.writeBigUInt64LE(address(fields.dest), 20 * 4);
  sqe.writeBigUInt64LE(address(fields.context), 22 * 4);
  sqe.writeUInt32LE(fields.isize ?? 0, 30 * 4);
  sqe.writeUInt32LE(fields.checksum ?? 0, 31 * 4);
  return sqe;
}

export interface SqeResult {
  consumed: number;
  produced: number;
  status: number;
  lstblk: number;
  ctxDw0: number;
  ctxDw1: number;
  ctxDw2: number;
  isize: number;
  checksum: number;
  tag: number;
}

export function readResult(sqe: Buffer): SqeResult {
  const type = sqe.readUInt32LE(28) >>> 28;
  return {
    consumed: sqe.readUInt32LE(0),
    produced: sqe.readUInt32LE(4),
    status: sqe.readUInt32LE(12) & 0xff,
    lstblk: (sqe.readUInt32LE(12) >>> 8) & 1,
    ctxDw0: sqe.readUInt32LE(60),
    ctxDw1: sqe.readUInt32LE(28 * 4),
    ctxDw2: sqe.readUInt32LE(29 * 4),
    isize: sqe.readUInt32LE(30 * 4),
    checksum: sqe.readUInt32LE(31 * 4),
    tag: sqe.readUInt32LE(type === 3 ? 26 * 4 : 13 * 4),
  };
}

/** A segment the device should read or write: a Buffer, or a raw address and length. */
export type SglEntry = Buffer | { address: bigint; length: number };

/**
 * Builds one SGL (spec §3.7) in a 64-byte-aligned region of a fresh Buffer, chained to `next`
 * (0 = last); the caller keeps `list` (and the entries' Buffers) alive while the device may read
 * them.
 */
export function buildSgl(entries: SglEntry[], next = 0n): { list: Buffer; address: bigint } {
  const size = 64 + 32 * entries.length;
  const raw = Buffer.alloc(size + 64);
  const base = loadNative().addressOf(raw);
  const skip = Number((64n - (base % 64n)) % 64n);
  const list = raw.subarray(skip, skip + size);
  list.writeBigUInt64LE(next, 0);
  list.writeUInt16LE(255, 8);
  list.writeUInt16LE(entries.length, 10);
  list.writeUInt16LE(entries.length, 12);
  for (const [index, entry] of entries.entries()) {
    const address = Buffer.isBuffer(entry) ? loadNative().addressOf(entry) : entry.address;
    list.writeBigUInt64LE(address, 64 + 32 * index);
    list.writeUInt32LE(entry.length, 64 + 32 * index + 16);
  }
  return { list: raw, address: base + BigInt(skip) };
}
