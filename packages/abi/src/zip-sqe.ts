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
import { bufferView, checkAddress, checkBytes, checkUint, invalidValue } from './internal/validate';
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

// The checks below accept a valid value with one comparison ((v >>> 0) === v holds exactly for
// the integers 0..2^32-1, and is false for every non-number) and fall back to the full check,
// which throws the typed error, only for a value that fails it. Under load the old per-field
// calls with a words array cost several microseconds per SQE; this keeps encoding far below 1 µs.
// (typeof first: `>>>` would throw a TypeError on a bigint and call valueOf() on an object).
function isU32(value: unknown): value is number {
  return typeof value === 'number' && value >>> 0 === value;
}
function isBits(value: unknown, limit: number): value is number {
  return typeof value === 'number' && value >>> 0 === value && value < limit;
}
const U64_LIMIT = 1n << 64n;
function isAddress(value: unknown): value is bigint {
  return typeof value === 'bigint' && value >= 0n && value < U64_LIMIT;
}
function u32(name: string, value: number | undefined): number {
  if (value === undefined) return 0;
  return isU32(value) ? value : checkUint(name, value, 32);
}
function bits(name: string, value: number | undefined, width: number): number {
  if (value === undefined) return 0;
  return isBits(value, 1 << width) ? value : checkUint(name, value, width);
}
function address(name: string, value: bigint | undefined): bigint {
  if (value === undefined) return 0n;
  return isAddress(value) ? value : checkAddress(name, value);
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
  const f = fields;
  const sqeType = checkSqeType(bits('sqeType', f.sqeType, 4));
  const literalSize = u32('literalSize', f.literalSize);
  if (sqeType === ZIP_SQE_TYPE.V1 && literalSize !== 0) {
    throw invalidValue('literalSize', literalSize, 'must be 0 on sqeType 0, where DW13 holds the tag');
  }
  const dw3 = bits('status', f.status, 8) | (bits('lstblk', f.lstblk, 1) << 8);
  const dw7 =
    (bits('inSgeDataOffset', f.inSgeDataOffset, 24) |
      (bits('flushType', f.flushType, 1) << 25) |
      (bits('streamMode', f.streamMode, 1) << 26) |
      (bits('streamNew', f.streamNew, 1) << 27) |
      (sqeType << 28)) >>>
    0;
  const dw9 =
    bits('requestType', f.requestType, 8) |
    (bits('bufferType', f.bufferType, 4) << 8) |
    (bits('windowSize', f.windowSize, 4) << 12);
  const tag = u32('tag', f.tag);
  const consumed = u32('consumed', f.consumed);
  const produced = u32('produced', f.produced);
  const compDataLength = u32('compDataLength', f.compDataLength);
  const inputDataLength = u32('inputDataLength', f.inputDataLength);
  const dw8 = bits('outSgeDataOffset', f.outSgeDataOffset, 24);
  const destAvailOut = u32('destAvailOut', f.destAvailOut);
  const ctxDw0 = u32('ctxDw0', f.ctxDw0);
  const ctxDw1 = u32('ctxDw1', f.ctxDw1);
  const ctxDw2 = u32('ctxDw2', f.ctxDw2);
  const isize = u32('isize', f.isize);
  const checksum = u32('checksum', f.checksum);
  const source = address('sourceAddress', f.sourceAddress);
  const dest = address('destAddress', f.destAddress);
  const streamContext = address('streamContextAddress', f.streamContextAddress);
  const literals = address('literalsAddress', f.literalsAddress);
  // Every argument is valid from here on: nothing below throws, so a bad field never leaves a
  // half-written slot behind.
  bytes.fill(0, 0, ZIP_SQE_SIZE);
  const view = bufferView(bytes);
  const at = bytes.byteOffset;
  view.setUint32(at + 0, consumed, true);
  view.setUint32(at + 4, produced, true);
  view.setUint32(at + 8, compDataLength, true);
  view.setUint32(at + 12, dw3, true);
  view.setUint32(at + 16, inputDataLength, true);
  view.setUint32(at + 28, dw7, true);
  view.setUint32(at + 32, dw8, true);
  view.setUint32(at + 36, dw9, true);
  view.setUint32(at + ZIP_SQE_TAG_OFFSET_V1, sqeType === ZIP_SQE_TYPE.V1 ? tag : literalSize, true);
  view.setUint32(at + 56, destAvailOut, true);
  view.setUint32(at + 60, ctxDw0, true);
  view.setBigUint64(at + 72, source, true);
  view.setBigUint64(at + 80, dest, true);
  view.setBigUint64(at + 88, streamContext, true);
  view.setBigUint64(at + 96, literals, true);
  if (sqeType === ZIP_SQE_TYPE.V3) view.setUint32(at + ZIP_SQE_TAG_OFFSET_V3, tag, true);
  view.setUint32(at + 112, ctxDw1, true);
  view.setUint32(at + 116, ctxDw2, true);
  view.setUint32(at + 120, isize, true);
  view.setUint32(at + 124, checksum, true);
  return bytes.length === ZIP_SQE_SIZE ? bytes : bytes.subarray(0, ZIP_SQE_SIZE);
}

/**
 * The fields a driver sets in a request SQE, all present: one fixed object shape, so the
 * driver's hot path reads them without the megamorphic lookups of a Partial<ZipSqeFields>
 * (which made encodeZipSqe cost ~0.5 µs per descriptor on its own). Every other field is 0.
 */
export interface ZipSqeRequest {
  sqeType: number;
  requestType: number;
  bufferType: number;
  windowSize: number;
  streamMode: number;
  streamNew: number;
  flushType: number;
  tag: number;
  inputDataLength: number;
  destAvailOut: number;
  sourceAddress: bigint;
  destAddress: bigint;
  streamContextAddress: bigint;
  ctxDw0: number;
  ctxDw1: number;
  ctxDw2: number;
  isize: number;
  checksum: number;
}

/** Each field of a request, or the typed error encodeZipSqe would throw for it. */
function checkRequest(r: ZipSqeRequest): void {
  checkSqeType(bits('sqeType', r.sqeType, 4));
  bits('requestType', r.requestType, 8);
  bits('bufferType', r.bufferType, 4);
  bits('windowSize', r.windowSize, 4);
  bits('streamMode', r.streamMode, 1);
  bits('streamNew', r.streamNew, 1);
  bits('flushType', r.flushType, 1);
  u32('tag', r.tag);
  u32('inputDataLength', r.inputDataLength);
  u32('destAvailOut', r.destAvailOut);
  address('sourceAddress', r.sourceAddress);
  address('destAddress', r.destAddress);
  address('streamContextAddress', r.streamContextAddress);
  u32('ctxDw0', r.ctxDw0);
  u32('ctxDw1', r.ctxDw1);
  u32('ctxDw2', r.ctxDw2);
  u32('isize', r.isize);
  u32('checksum', r.checksum);
}

/** True when every field of `r` is in range (a few comparisons per field). */
function requestInRange(r: ZipSqeRequest): boolean {
  return (
    (r.sqeType === ZIP_SQE_TYPE.V1 || r.sqeType === ZIP_SQE_TYPE.V3) &&
    isBits(r.requestType, 0x100) &&
    isBits(r.bufferType, 0x10) &&
    isBits(r.windowSize, 0x10) &&
    isBits(r.streamMode, 2) &&
    isBits(r.streamNew, 2) &&
    isBits(r.flushType, 2) &&
    isU32(r.tag) &&
    isU32(r.inputDataLength) &&
    isU32(r.destAvailOut) &&
    isAddress(r.sourceAddress) &&
    isAddress(r.destAddress) &&
    isAddress(r.streamContextAddress) &&
    isU32(r.ctxDw0) &&
    isU32(r.ctxDw1) &&
    isU32(r.ctxDw2) &&
    isU32(r.isize) &&
    isU32(r.checksum)
  );
}

/**
 * The driver's fast path: writes the request SQE into the first 128 bytes of `target` (every other
 * byte of them zeroed), byte for byte what encodeZipSqe writes for the same fields, and returns
 * those 128 bytes. Checked like encodeZipSqe, with the same errors (ERR_INVALID_ARG_TYPE,
 * ERR_OUT_OF_RANGE, ERR_INVALID_ARG_VALUE for sqeType); a bad field leaves `target` untouched.
 */
export function writeZipSqe(request: ZipSqeRequest, target: Uint8Array): Uint8Array {
  const bytes = checkBytes('target', target, ZIP_SQE_SIZE);
  const r = request;
  if (!requestInRange(r)) checkRequest(r);
  const dw7 = ((r.flushType << 25) | (r.streamMode << 26) | (r.streamNew << 27) | (r.sqeType << 28)) >>> 0;
  const dw9 = r.requestType | (r.bufferType << 8) | (r.windowSize << 12);
  bytes.fill(0, 0, ZIP_SQE_SIZE);
  const view = bufferView(bytes);
  const at = bytes.byteOffset;
  view.setUint32(at + 16, r.inputDataLength, true);
  view.setUint32(at + 28, dw7, true);
  view.setUint32(at + 36, dw9, true);
  view.setUint32(
    at + (r.sqeType === ZIP_SQE_TYPE.V1 ? ZIP_SQE_TAG_OFFSET_V1 : ZIP_SQE_TAG_OFFSET_V3),
    r.tag,
    true,
  );
  view.setUint32(at + 56, r.destAvailOut, true);
  view.setUint32(at + 60, r.ctxDw0, true);
  view.setBigUint64(at + 72, r.sourceAddress, true);
  view.setBigUint64(at + 80, r.destAddress, true);
  view.setBigUint64(at + 88, r.streamContextAddress, true);
  view.setUint32(at + 112, r.ctxDw1, true);
  view.setUint32(at + 116, r.ctxDw2, true);
  view.setUint32(at + 120, r.isize, true);
  view.setUint32(at + 124, r.checksum, true);
  return bytes.length === ZIP_SQE_SIZE ? bytes : bytes.subarray(0, ZIP_SQE_SIZE);
}

/**
 * Decodes the first 128 bytes of `bytes`. Reserved words are ignored. Throws
 * ERR_INVALID_ARG_TYPE, ERR_OUT_OF_RANGE (short input), ERR_INVALID_ARG_VALUE (sqe_type not 0/3).
 */
export function decodeZipSqe(bytes: Uint8Array): ZipSqeFields {
  const view = bufferView(checkBytes('bytes', bytes, ZIP_SQE_SIZE));
  const at = bytes.byteOffset;
  const word = (dw: number) => view.getUint32(at + dw * 4, true);
  const address = (dw: number) => view.getBigUint64(at + dw * 4, true);
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

/** What the device writes back into a request's SQE (spec §4.2, §4.6), plus its tag. */
export interface ZipSqeResult {
  tag: number;
  consumed: number;
  produced: number;
  status: number;
  lstblk: number;
  ctxDw0: number;
  ctxDw1: number;
  ctxDw2: number;
  isize: number;
  checksum: number;
}

/**
 * The result fields of a completed SQE image, as decodeZipSqe reads them, without the request
 * fields (no bigint addresses to allocate): the driver's per-completion read. Throws like
 * decodeZipSqe (ERR_INVALID_ARG_TYPE, ERR_OUT_OF_RANGE, ERR_INVALID_ARG_VALUE for sqe_type).
 */
export function decodeZipSqeResult(bytes: Uint8Array): ZipSqeResult {
  const view = bufferView(checkBytes('bytes', bytes, ZIP_SQE_SIZE));
  const at = bytes.byteOffset;
  const sqeType = checkSqeType(view.getUint32(at + ZIP_SQE_DW7_OFFSET, true) >>> 28);
  const dw3 = view.getUint32(at + ZIP_SQE_STATUS_OFFSET, true);
  return {
    tag: view.getUint32(
      at + (sqeType === ZIP_SQE_TYPE.V1 ? ZIP_SQE_TAG_OFFSET_V1 : ZIP_SQE_TAG_OFFSET_V3),
      true,
    ),
    consumed: view.getUint32(at, true),
    produced: view.getUint32(at + 4, true),
    status: dw3 & 0xff,
    lstblk: (dw3 >>> 8) & 1,
    ctxDw0: view.getUint32(at + 60, true),
    ctxDw1: view.getUint32(at + 112, true),
    ctxDw2: view.getUint32(at + 116, true),
    isize: view.getUint32(at + 120, true),
    checksum: view.getUint32(at + 124, true),
  };
}

/** The tag of an SQE image without decoding the rest (qm matches completions by it). Throws like decodeZipSqe. */
export function zipSqeTag(bytes: Uint8Array): number {
  const view = bufferView(checkBytes('bytes', bytes, ZIP_SQE_SIZE));
  const at = bytes.byteOffset;
  const sqeType = checkSqeType(view.getUint32(at + ZIP_SQE_DW7_OFFSET, true) >>> 28);
  return view.getUint32(
    at + (sqeType === ZIP_SQE_TYPE.V1 ? ZIP_SQE_TAG_OFFSET_V1 : ZIP_SQE_TAG_OFFSET_V3),
    true,
  );
}

/** The completion status (DW3 7:0) of an SQE image. Throws ERR_INVALID_ARG_TYPE, ERR_OUT_OF_RANGE. */
export function zipSqeStatus(bytes: Uint8Array): number {
  checkBytes('bytes', bytes, ZIP_SQE_SIZE);
  return bytes[ZIP_SQE_STATUS_OFFSET]!;
}
