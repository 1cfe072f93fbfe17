// SPDX-License-Identifier: Apache-2.0
// `-l`: gzip's listing, same columns and the same ratio arithmetic.
import { open } from 'node:fs/promises';
import { firstHeader, formatRatio } from './ratio';

/** One row of the listing. */
export interface ListEntry {
  compressed: number;
  uncompressed: number;
  /** Header plus trailer bytes, which gzip leaves out of the ratio. */
  overhead: number;
  name: string;
}

/** gzip -l's header line. */
export const LIST_HEADER = '         compressed        uncompressed  ratio uncompressed_name';

/** The row as gzip prints it. */
export function formatListEntry(entry: ListEntry): string {
  const saved = entry.uncompressed - (entry.compressed - entry.overhead);
  const ratio = formatRatio(saved, entry.uncompressed);
  return `${String(entry.compressed).padStart(19)} ${String(entry.uncompressed).padStart(19)} ${ratio} ${entry.name}`;
}

/**
 * The "(totals)" row printed after several files. gzip subtracts only the last file's framing
 * from the total (its header_bytes is per file), and so do we, to print the same line.
 */
export function totalEntry(entries: readonly ListEntry[]): ListEntry {
  const sum = (pick: (entry: ListEntry) => number) =>
    entries.reduce((total, entry) => total + pick(entry), 0);
  return {
    compressed: sum((entry) => entry.compressed),
    uncompressed: sum((entry) => entry.uncompressed),
    overhead: entries.at(-1)?.overhead ?? 0,
    name: '(totals)',
  };
}

/** Reads the framing of a whole gzip file held in memory; undefined when it is not gzip. */
export function listBytes(bytes: Buffer, name: string): ListEntry | undefined {
  const header = firstHeader(bytes)?.length;
  if (header === undefined || bytes.length < header + 8) return undefined;
  return { compressed: bytes.length, uncompressed: isize(bytes), overhead: header + 8, name };
}

/** ISIZE of the last member (its last 4 bytes): the uncompressed length modulo 2^32, what gzip -l shows. */
function isize(tail: Buffer): number {
  return tail.readUInt32LE(tail.length - 4);
}

/** Reads only the head and the last 4 bytes of a file; undefined when it is not gzip. */
export async function listFile(path: string, name: string): Promise<ListEntry | undefined> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const head = Buffer.alloc(Math.min(size, 64 * 1024));
    await handle.read(head, 0, head.length, 0);
    const header = firstHeader(head)?.length;
    if (header === undefined || size < header + 8) return undefined;
    const tail = Buffer.alloc(4);
    await handle.read(tail, 0, 4, size - 4);
    return { compressed: size, uncompressed: isize(tail), overhead: header + 8, name };
  } finally {
    await handle.close();
  }
}
