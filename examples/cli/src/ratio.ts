// SPDX-License-Identifier: Apache-2.0
// gzip's ratio arithmetic and display, shared by -l and -v, and the first member's header as
// @uacce/zip parses it (the tool keeps no gzip framing of its own).
import { type ParsedGzipHeader, parseGzipHeader } from '@uacce/zip';

/** The first member's header, or undefined when `head` is not gzip or is cut short. */
export function firstHeader(head: Uint8Array): ParsedGzipHeader | undefined {
  try {
    return parseGzipHeader(head);
  } catch {
    return undefined;
  }
}

/** Whether `head` starts with gzip's magic bytes (1f 8b). */
export function startsLikeGzip(head: Uint8Array): boolean {
  return head[0] === 0x1f && head[1] === 0x8b;
}

/**
 * gzip's ratio display (`%5.1f%%` of 100 * saved / total, 0 when total is 0), so our -l and -v
 * columns match gzip's byte for byte.
 */
export function formatRatio(saved: number, total: number): string {
  const percent = total === 0 ? 0 : (100 * saved) / total;
  return `${percent.toFixed(1).padStart(5, ' ')}%`;
}
