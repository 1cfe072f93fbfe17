// SPDX-License-Identifier: Apache-2.0
// The ZIP SQE (128 bytes, little-endian), decoded from the field table of spec §4.2 on its own:
// @uacce/abi has its own codec and both are pinned to the same golden vectors.

/** SQE format selector values of DW7 31:28 (spec §4.1). */
export const SQE_TYPE_V2 = 0;
export const SQE_TYPE_V3 = 3;

/** Every field of a ZIP SQE the emulator reads or writes. */
export interface ZipSqe {
  consumed: number;
  produced: number;
  compDataLength: number;
  status: number;
  lstblk: number;
  inputDataLength: number;
  inSgeDataOffset: number;
  flushType: number;
  streamMode: number;
  streamNew: number;
  sqeType: number;
  outSgeDataOffset: number;
  requestType: number;
  bufferType: number;
  windowSize: number;
  /** The request tag: DW13 in type 0 SQEs, DW26 in type 3 SQEs. */
  tag: number;
  /** lz77 literal-area size: DW13 of type 3 SQEs (0 in type 0). */
  literalSize: number;
  destAvailOut: number;
  ctxDw0: number;
  sourceAddress: bigint;
  destAddress: bigint;
  streamContextAddress: bigint;
  literalsAddress: bigint;
  ctxDw1: number;
  ctxDw2: number;
  isize: number;
  checksum: number;
}

/** The words the hardware writes back into the SQ slot (DW0–3, DW15, DW28–31; spec §6 item 6). */
export interface ZipSqeResult {
  consumed: number;
  produced: number;
  compDataLength: number;
  status: number;
  lstblk: number;
  ctxDw0: number;
  ctxDw1: number;
  ctxDw2: number;
  isize: number;
  checksum: number;
}

function dw(bytes: Buffer, offset: number, index: number): number {
  return bytes.readUInt32LE(offset + index * 4);
}

function address(bytes: Buffer, offset: number, lowIndex: number): bigint {
  return bytes.readBigUInt64LE(offset + lowIndex * 4);
}

/** Decodes the SQE at `offset` of `bytes`. */
export function decodeSqe(bytes: Buffer, offset = 0): ZipSqe {
  const dw3 = dw(bytes, offset, 3);
  const dw7 = dw(bytes, offset, 7);
  const dw9 = dw(bytes, offset, 9);
  const sqeType = dw7 >>> 28;
  const dw13 = dw(bytes, offset, 13);
  return {
    consumed: dw(bytes, offset, 0),
    produced: dw(bytes, offset, 1),
    compDataLength: dw(bytes, offset, 2),
    status: dw3 & 0xff,
    lstblk: (dw3 >>> 8) & 1,
    inputDataLength: dw(bytes, offset, 4),
    inSgeDataOffset: dw7 & 0xffffff,
    flushType: (dw7 >>> 25) & 1,
    streamMode: (dw7 >>> 26) & 1,
    streamNew: (dw7 >>> 27) & 1,
    sqeType,
    outSgeDataOffset: dw(bytes, offset, 8) & 0xffffff,
    requestType: dw9 & 0xff,
    bufferType: (dw9 >>> 8) & 0xf,
    windowSize: (dw9 >>> 12) & 0xf,
    tag: sqeType === SQE_TYPE_V3 ? dw(bytes, offset, 26) : dw13,
    literalSize: sqeType === SQE_TYPE_V3 ? dw13 : 0,
    destAvailOut: dw(bytes, offset, 14),
    ctxDw0: dw(bytes, offset, 15),
    sourceAddress: address(bytes, offset, 18),
    destAddress: address(bytes, offset, 20),
    streamContextAddress: address(bytes, offset, 22),
    literalsAddress: address(bytes, offset, 24),
    ctxDw1: dw(bytes, offset, 28),
    ctxDw2: dw(bytes, offset, 29),
    isize: dw(bytes, offset, 30),
    checksum: dw(bytes, offset, 31),
  };
}

/**
 * Writes a result into the SQE at `offset`: only DW0–3, DW15 and DW28–31, so every word the
 * driver wrote (DW7, DW9, the tag, DW14, DW22–23) reads back unchanged (spec §4.2 inference).
 */
export function writeSqeResult(bytes: Buffer, offset: number, result: ZipSqeResult): void {
  bytes.writeUInt32LE(result.consumed >>> 0, offset);
  bytes.writeUInt32LE(result.produced >>> 0, offset + 4);
  bytes.writeUInt32LE(result.compDataLength >>> 0, offset + 8);
  bytes.writeUInt32LE(((result.status & 0xff) | ((result.lstblk & 1) << 8)) >>> 0, offset + 12);
  bytes.writeUInt32LE(result.ctxDw0 >>> 0, offset + 15 * 4);
  bytes.writeUInt32LE(result.ctxDw1 >>> 0, offset + 28 * 4);
  bytes.writeUInt32LE(result.ctxDw2 >>> 0, offset + 29 * 4);
  bytes.writeUInt32LE(result.isize >>> 0, offset + 30 * 4);
  bytes.writeUInt32LE(result.checksum >>> 0, offset + 31 * 4);
}
