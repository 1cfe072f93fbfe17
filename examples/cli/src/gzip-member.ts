// SPDX-License-Identifier: Apache-2.0
// Facts `-l` and `-v` need from a gzip file's framing (RFC 1952 §2.3): header length, ISIZE.

const FHCRC = 0x02;
const FEXTRA = 0x04;
const FNAME = 0x08;
const FCOMMENT = 0x10;

/** Whether `bytes` starts like a gzip member (magic 1f 8b, method 8 = deflate). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 10 && bytes[0] === 0x1f && bytes[1] === 0x8b && bytes[2] === 8;
}

/** Length of the first member's header, or undefined when `head` is not gzip or is cut short. */
export function gzipHeaderLength(head: Uint8Array): number | undefined {
  if (!isGzip(head)) return undefined;
  const flags = head[3]!;
  let offset = 10;
  if (flags & FEXTRA) {
    if (head.length < offset + 2) return undefined;
    offset += 2 + (head[offset]! | (head[offset + 1]! << 8));
  }
  for (const flag of [FNAME, FCOMMENT]) {
    if (!(flags & flag)) continue;
    const end = head.indexOf(0, offset);
    if (end === -1) return undefined;
    offset = end + 1;
  }
  if (flags & FHCRC) offset += 2;
  return offset <= head.length ? offset : undefined;
}

/** ISIZE of the last member: the uncompressed length modulo 2^32 (what gzip -l shows). */
export function gzipTrailerSize(tail: Uint8Array): number {
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  return view.getUint32(tail.byteLength - 4, true);
}

/**
 * gzip's ratio display (`%5.1f%%` of 100 * saved / total, 0 when total is 0), so our -l and -v
 * columns match gzip's byte for byte.
 */
export function formatRatio(saved: number, total: number): string {
  const percent = total === 0 ? 0 : (100 * saved) / total;
  return `${percent.toFixed(1).padStart(5, ' ')}%`;
}
