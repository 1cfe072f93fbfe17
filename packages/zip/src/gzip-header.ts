// SPDX-License-Identifier: Apache-2.0
// The gzip member header (RFC 1952 §2.3), written by the driver on compression (the hardware
// never writes or parses headers, spec §4.8) and parsed in full on decompression, where the
// vendor driver skipped a fixed 10 bytes and so broke on FEXTRA/FNAME/FCOMMENT/FHCRC.
import { crc32 } from '@uacce/abi';
import { dataError } from './errors';
import { type ByteSource, readUint16LE, readUint32LE } from './internal/byte-source';

/** FLG bits (RFC 1952 §2.3.1). */
export const GZIP_FLAGS = Object.freeze({ FTEXT: 1, FHCRC: 2, FEXTRA: 4, FNAME: 8, FCOMMENT: 16 } as const);
const GZIP_RESERVED_FLAGS = 0xe0;
const GZIP_ID1 = 0x1f;
const GZIP_ID2 = 0x8b;
const CM_DEFLATE = 8;
const GZIP_OS_UNIX = 3;
/** ID1 ID2 CM FLG MTIME(4) XFL OS: the part every gzip header has. */
const GZIP_FIXED_LENGTH = 10;

/** What a parsed gzip header said. Strings are ISO 8859-1 as RFC 1952 prescribes. */
export interface GzipHeader {
  /** FTEXT: the producer thought the data was text (advisory). */
  text: boolean;
  /** MTIME, seconds since the epoch (0 = none). */
  mtime: number;
  extraFlags: number;
  os: number;
  extra: Uint8Array | undefined;
  name: string | undefined;
  comment: string | undefined;
  /** FHCRC: the stored header CRC16 (already verified). */
  headerCrc: number | undefined;
}

/** A complete header and the number of bytes it occupies. */
export interface ParsedGzipHeader {
  header: GzipHeader;
  length: number;
}

/**
 * Where an earlier call stopped looking for a string field's terminator: the field starting at
 * `field` has no zero byte before `scanned`. Passing the same object on every call while input
 * arrives keeps parsing linear, however long FNAME or FCOMMENT is and however it is chunked.
 */
export interface GzipHeaderScan {
  field: number;
  scanned: number;
}

/** Index just past the zero terminator of a string field at `offset`, or undefined if not all there. */
function skipZeroTerminated(
  source: ByteSource,
  offset: number,
  scan: GzipHeaderScan | undefined,
): number | undefined {
  const start = scan !== undefined && scan.field === offset ? Math.max(offset, scan.scanned) : offset;
  for (let index = start; ; index++) {
    const byte = source.at(index);
    if (byte === undefined) {
      if (scan !== undefined) {
        scan.field = offset;
        scan.scanned = index;
      }
      return undefined;
    }
    if (byte === 0) return index + 1;
  }
}

function latin1(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return text;
}

/** Checks ID1/ID2, CM and the reserved flag bits as far as bytes are present (zlib's order and messages). */
function checkFixedPart(source: ByteSource, offset: number): void {
  const id1 = source.at(offset);
  const id2 = source.at(offset + 1);
  if ((id1 !== undefined && id1 !== GZIP_ID1) || (id2 !== undefined && id2 !== GZIP_ID2)) {
    throw dataError('incorrectHeaderCheck');
  }
  const method = source.at(offset + 2);
  if (method !== undefined && method !== CM_DEFLATE) throw dataError('unknownCompressionMethod');
  const flags = source.at(offset + 3);
  if (flags !== undefined && (flags & GZIP_RESERVED_FLAGS) !== 0) throw dataError('unknownHeaderFlags');
}

/**
 * Parses the gzip header that starts at `offset`. Returns undefined while the header is not
 * complete (more input needed); `scan` carries the search position across such calls. Throws Z_DATA_ERROR for a bad magic ("incorrect header check"),
 * a method other than deflate, reserved flags, or an FHCRC that does not match ("header crc mismatch").
 */
export function parseGzipHeader(
  source: ByteSource,
  offset = 0,
  scan?: GzipHeaderScan,
): ParsedGzipHeader | undefined {
  checkFixedPart(source, offset);
  const flags = source.at(offset + 3);
  const mtime = readUint32LE(source, offset + 4);
  const extraFlags = source.at(offset + 8);
  const os = source.at(offset + 9);
  if (flags === undefined || mtime === undefined || extraFlags === undefined || os === undefined)
    return undefined;
  let cursor = offset + GZIP_FIXED_LENGTH;
  let extra: Uint8Array | undefined;
  if (flags & GZIP_FLAGS.FEXTRA) {
    const extraLength = readUint16LE(source, cursor);
    if (extraLength === undefined || source.length < cursor + 2 + extraLength) return undefined;
    extra = source.slice(cursor + 2, cursor + 2 + extraLength);
    cursor += 2 + extraLength;
  }
  const fields: (string | undefined)[] = [];
  for (const flag of [GZIP_FLAGS.FNAME, GZIP_FLAGS.FCOMMENT]) {
    if ((flags & flag) === 0) {
      fields.push(undefined);
      continue;
    }
    const end = skipZeroTerminated(source, cursor, scan);
    if (end === undefined) return undefined;
    fields.push(latin1(source.slice(cursor, end - 1)));
    cursor = end;
  }
  let headerCrc: number | undefined;
  if (flags & GZIP_FLAGS.FHCRC) {
    headerCrc = readUint16LE(source, cursor);
    if (headerCrc === undefined) return undefined;
    // RFC 1952: the two least significant bytes of the CRC-32 of every header byte before it.
    if ((crc32(source.slice(offset, cursor)) & 0xffff) !== headerCrc) throw dataError('headerCrcMismatch');
    cursor += 2;
  }
  const header: GzipHeader = {
    text: (flags & GZIP_FLAGS.FTEXT) !== 0,
    mtime,
    extraFlags,
    os,
    extra,
    name: fields[0],
    comment: fields[1],
    headerCrc,
  };
  return { header, length: cursor - offset };
}

/**
 * The 10-byte header written on compression: no optional fields, MTIME 0, OS Unix, and XFL as
 * zlib sets it (2 for level 9, 4 for levels below 2), so the bytes match node:zlib's for the level.
 */
export function writeGzipHeader(level: number): Uint8Array {
  const extraFlags = level === 9 ? 2 : level < 2 ? 4 : 0;
  return Uint8Array.of(GZIP_ID1, GZIP_ID2, CM_DEFLATE, 0, 0, 0, 0, 0, extraFlags, GZIP_OS_UNIX);
}
