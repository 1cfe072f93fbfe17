// SPDX-License-Identifier: Apache-2.0
// `-l`: gzip 1.12's listing. Like gzip 1.12 it reads the whole input (a truncated or corrupt file
// is reported as -t reports it), then prints the last member's stored size, the same columns and
// the same ratio arithmetic; -v adds the method, the CRC and the time.
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { nullSink } from './io';
import { GzipMembers, type Trailing } from './members';
import { firstHeader, formatRatio } from './ratio';
import { ByteCounter } from './transfer';

/** One row of the listing. */
export interface ListEntry {
  compressed: number;
  uncompressed: number;
  /** Header plus trailer bytes, which gzip leaves out of the ratio. */
  overhead: number;
  name: string;
  /** -v: the last member's CRC-32 and the time shown (seconds since the epoch). */
  crc?: number;
  time?: number;
  /** What followed the last member (gzip warns and lists nothing after garbage). */
  trailing?: Trailing;
}

/** gzip -l's header line. */
export const LIST_HEADER = '         compressed        uncompressed  ratio uncompressed_name';
/** gzip -lv's header line. */
export const LIST_HEADER_VERBOSE = `method  crc     date  time  ${LIST_HEADER}`;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** -lv's `defla 363a3020 Dec  4 15:42 ` prefix (local time, as gzip's localtime). */
function verbosePrefix(entry: ListEntry): string {
  if (entry.crc === undefined || entry.time === undefined) return ' '.repeat(28);
  const date = new Date(entry.time * 1000);
  const clock = `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
  const day = `${MONTHS[date.getMonth()]}${String(date.getDate()).padStart(3)} ${clock}`;
  return `defla ${entry.crc.toString(16).padStart(8, '0')} ${day} `;
}

/** The row as gzip prints it (with -v, after the method, CRC and time; blanks for the totals). */
export function formatListEntry(entry: ListEntry, verbose = false): string {
  const saved = entry.uncompressed - (entry.compressed - entry.overhead);
  const ratio = formatRatio(saved, entry.uncompressed);
  const row = `${String(entry.compressed).padStart(19)} ${String(entry.uncompressed).padStart(19)} ${ratio} ${entry.name}`;
  return verbose ? `${verbosePrefix(entry)}${row}` : row;
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

/**
 * Reads a whole gzip input and returns its row; rejects as decompression does (Z_BUF_ERROR for a
 * truncated input, Z_DATA_ERROR for a corrupt one). `path` gives the time shown when the header
 * stores none.
 */
export async function listSource(source: Readable, name: string, path?: string): Promise<ListEntry> {
  const input = new ByteCounter();
  const members = new GzipMembers();
  await pipeline(source, input, members, nullSink());
  const header = firstHeader(input.head);
  // gzip shows a single member's stored time; otherwise (none stored, several members) the file's.
  const stored = members.members === 1 ? (header?.header.mtime ?? 0) : 0;
  const time = stored > 0 ? stored : path ? Math.floor((await stat(path)).mtimeMs / 1000) : Date.now() / 1000;
  return {
    compressed: input.bytes,
    uncompressed: members.lastSize,
    // gzip leaves the framing out of the ratio for a single member only.
    overhead: members.members > 1 ? 0 : (header?.length ?? 10) + 8,
    name,
    crc: members.lastCrc,
    time,
    trailing: members.trailing,
  };
}
