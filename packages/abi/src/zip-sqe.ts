// SPDX-License-Identifier: Apache-2.0
// The 128-byte ZIP descriptor (SQE), both layouts (spec §4.1–§4.2). Little-endian 32-bit words:
//
//   DW0 consumed   DW1 produced   DW2 comp_data_length   DW3 7:0 status, 8 lstblk
//   DW4 input_data_length         DW5–6 lba (0)
//   DW7 23:0 in_sge_data_offset, 25 flush_type, 26 stream_mode, 27 stream_new, 31:28 sqe_type
//   DW8 23:0 out_sge_data_offset  DW9 7:0 request_type, 11:8 buffer_type, 15:12 window_size
//   DW10–12 (0)   DW13 tag (type 0) | literal-area size (type 3)   DW14 dest_avail_out
//   DW15 ctx_dw0  DW16–17 (0)  DW18–19 source  DW20–21 dest  DW22–23 stream ctx  DW24–25 literals
//   DW26 tag (type 3)  DW27 (0)  DW28 ctx_dw1  DW29 ctx_dw2  DW30 isize  DW31 checksum
//
// The driver zeroes the whole SQE before filling it, so the encoder writes every reserved word 0.
import {
  checkAddress,
  checkBytes,
  checkUint,
  invalidValue,
  joinAddress,
  splitAddress,
  viewOf,
} from './internal/validate';
import { ZIP_SQE_TYPE } from './zip-codes';

export const ZIP_SQE_SIZE = 128;
/** Byte offset of the tag in a type 0 SQE (DW13). */
export const ZIP_SQE_TAG_OFFSET_V1 = 13 * 4;
/** Byte offset of the tag in a type 3 SQE (DW26). */
export const ZIP_SQE_TAG_OFFSET_V3 = 26 * 4;
/** Byte offset of DW3 (status in bits 7:0, lstblk in bit 8). */
export const ZIP_SQE_STATUS_OFFSET = 3 * 4;
/** Byte offset of DW7 (sqe_type in bits 31:28). */
export const ZIP_SQE_DW7_OFFSET = 7 * 4;

/** Every field of the SQE (spec §4.2) in camelCase; addresses are 64-bit bigints. */
export interface ZipSqeFields {
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
  /** DW13 on type 0, DW26 on type 3. */
  tag: number;
  /** DW13 on type 3 (lz77 literal-area size); always 0 on type 0, where DW13 is the tag. */
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

/** The names of every SQE field, in descriptor order. */
export const ZIP_SQE_FIELD_NAMES: readonly (keyof ZipSqeFields)[] = Object.freeze([
  'consumed',
  'produced',
  'compDataLength',
  'status',
  'lstblk',
  'inputDataLength',
  'inSgeDataOffset',
  'flushType',
  'streamMode',
  'streamNew',
  'sqeType',
  'outSgeDataOffset',
  'requestType',
  'bufferType',
  'windowSize',
  'tag',
  'literalSize',
  'destAvailOut',
  'ctxDw0',
  'sourceAddress',
  'destAddress',
  'streamContextAddress',
  'literalsAddress',
  'ctxDw1',
  'ctxDw2',
  'isize',
  'checksum',
]);

function u32(fields: Partial<ZipSqeFields>, name: keyof ZipSqeFields): number {
  return checkUint(name, fields[name] ?? 0, 32);
}
function bits(fields: Partial<ZipSqeFields>, name: keyof ZipSqeFields, width: number): number {
  return checkUint(name, fields[name] ?? 0, width);
}
function setAddress(
  view: DataView,
  dw: number,
  fields: Partial<ZipSqeFields>,
  name: keyof ZipSqeFields,
): void {
  const [low, high] = splitAddress(checkAddress(name, fields[name] ?? 0n));
  view.setUint32(dw * 4, low, true);
  view.setUint32(dw * 4 + 4, high, true);
}
function checkSqeType(sqeType: number): number {
  if (sqeType !== ZIP_SQE_TYPE.V1 && sqeType !== ZIP_SQE_TYPE.V3) {
    throw invalidValue('sqeType', sqeType, 'must be 0 (tag in DW13) or 3 (tag in DW26)');
  }
  return sqeType;
}

/**
 * Encodes an SQE into `target` (its first 128 bytes, zeroed first) or a new array; missing fields
 * are 0. Throws ERR_INVALID_ARG_TYPE, ERR_OUT_OF_RANGE (a field wider than its bits),
 * ERR_INVALID_ARG_VALUE (sqeType not 0/3, literalSize on type 0).
 */
export function encodeZipSqe(fields: Partial<ZipSqeFields>, target?: Uint8Array): Uint8Array {
  const bytes =
    target === undefined ? new Uint8Array(ZIP_SQE_SIZE) : checkBytes('target', target, ZIP_SQE_SIZE);
  const sqeType = checkSqeType(bits(fields, 'sqeType', 4));
  const literalSize = u32(fields, 'literalSize');
  if (sqeType === ZIP_SQE_TYPE.V1 && literalSize !== 0) {
    throw invalidValue('literalSize', literalSize, 'must be 0 on sqeType 0, where DW13 holds the tag');
  }
  const dw3 = bits(fields, 'status', 8) | (bits(fields, 'lstblk', 1) << 8);
  const dw7 =
    (bits(fields, 'inSgeDataOffset', 24) |
      (bits(fields, 'flushType', 1) << 25) |
      (bits(fields, 'streamMode', 1) << 26) |
      (bits(fields, 'streamNew', 1) << 27) |
      (sqeType << 28)) >>>
    0;
  const dw9 =
    bits(fields, 'requestType', 8) |
    (bits(fields, 'bufferType', 4) << 8) |
    (bits(fields, 'windowSize', 4) << 12);
  const tag = u32(fields, 'tag');
  bytes.fill(0, 0, ZIP_SQE_SIZE);
  const view = viewOf(bytes);
  view.setUint32(0, u32(fields, 'consumed'), true);
  view.setUint32(4, u32(fields, 'produced'), true);
  view.setUint32(8, u32(fields, 'compDataLength'), true);
  view.setUint32(12, dw3, true);
  view.setUint32(16, u32(fields, 'inputDataLength'), true);
  view.setUint32(28, dw7, true);
  view.setUint32(32, bits(fields, 'outSgeDataOffset', 24), true);
  view.setUint32(36, dw9, true);
  view.setUint32(ZIP_SQE_TAG_OFFSET_V1, sqeType === ZIP_SQE_TYPE.V1 ? tag : literalSize, true);
  view.setUint32(56, u32(fields, 'destAvailOut'), true);
  view.setUint32(60, u32(fields, 'ctxDw0'), true);
  setAddress(view, 18, fields, 'sourceAddress');
  setAddress(view, 20, fields, 'destAddress');
  setAddress(view, 22, fields, 'streamContextAddress');
  setAddress(view, 24, fields, 'literalsAddress');
  if (sqeType === ZIP_SQE_TYPE.V3) view.setUint32(ZIP_SQE_TAG_OFFSET_V3, tag, true);
  view.setUint32(112, u32(fields, 'ctxDw1'), true);
  view.setUint32(116, u32(fields, 'ctxDw2'), true);
  view.setUint32(120, u32(fields, 'isize'), true);
  view.setUint32(124, u32(fields, 'checksum'), true);
  return bytes.length === ZIP_SQE_SIZE ? bytes : bytes.subarray(0, ZIP_SQE_SIZE);
}

/**
 * Decodes the first 128 bytes of `bytes`. Reserved words are ignored. Throws
 * ERR_INVALID_ARG_TYPE, ERR_OUT_OF_RANGE (short input), ERR_INVALID_ARG_VALUE (sqe_type not 0/3).
 */
export function decodeZipSqe(bytes: Uint8Array): ZipSqeFields {
  const view = viewOf(checkBytes('bytes', bytes, ZIP_SQE_SIZE));
  const word = (dw: number) => view.getUint32(dw * 4, true);
  const address = (dw: number) => joinAddress(word(dw), word(dw + 1));
  const dw3 = word(3);
  const dw7 = word(7);
  const dw9 = word(9);
  const sqeType = checkSqeType(dw7 >>> 28);
  const v1 = sqeType === ZIP_SQE_TYPE.V1;
  return {
    consumed: word(0),
    produced: word(1),
    compDataLength: word(2),
    status: dw3 & 0xff,
    lstblk: (dw3 >>> 8) & 1,
    inputDataLength: word(4),
    inSgeDataOffset: dw7 & 0xff_ffff,
    flushType: (dw7 >>> 25) & 1,
    streamMode: (dw7 >>> 26) & 1,
    streamNew: (dw7 >>> 27) & 1,
    sqeType,
    outSgeDataOffset: word(8) & 0xff_ffff,
    requestType: dw9 & 0xff,
    bufferType: (dw9 >>> 8) & 0xf,
    windowSize: (dw9 >>> 12) & 0xf,
    tag: v1 ? word(13) : word(26),
    literalSize: v1 ? 0 : word(13),
    destAvailOut: word(14),
    ctxDw0: word(15),
    sourceAddress: address(18),
    destAddress: address(20),
    streamContextAddress: address(22),
    literalsAddress: address(24),
    ctxDw1: word(28),
    ctxDw2: word(29),
    isize: word(30),
    checksum: word(31),
  };
}

/** The tag of an SQE image without decoding the rest (qm matches completions by it). Throws like decodeZipSqe. */
export function zipSqeTag(bytes: Uint8Array): number {
  const view = viewOf(checkBytes('bytes', bytes, ZIP_SQE_SIZE));
  const sqeType = checkSqeType(view.getUint32(ZIP_SQE_DW7_OFFSET, true) >>> 28);
  return view.getUint32(sqeType === ZIP_SQE_TYPE.V1 ? ZIP_SQE_TAG_OFFSET_V1 : ZIP_SQE_TAG_OFFSET_V3, true);
}

/** The completion status (DW3 7:0) of an SQE image. Throws ERR_INVALID_ARG_TYPE, ERR_OUT_OF_RANGE. */
export function zipSqeStatus(bytes: Uint8Array): number {
  return viewOf(checkBytes('bytes', bytes, ZIP_SQE_SIZE)).getUint32(ZIP_SQE_STATUS_OFFSET, true) & 0xff;
}
