// SPDX-License-Identifier: Apache-2.0
// What gzip 1.12 decides about a file operand before reading it: whether it is skipped (and with
// which message and status), descended into (-r), and where its output goes.
import { lstat, open, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { CliOptions } from './args';
import type { CliIo } from './io';
import { describeSystemError, diagnose, type ExitStatus } from './messages';
import { firstHeader } from './ratio';

/** A file to run, with its output path (undefined: stdout or nothing) and, for -N, the stored time. */
export interface Target {
  name: string;
  size: number | undefined;
  outputPath: string | undefined;
  /** -N: the modification time stored in the header, in seconds (0: none stored). */
  storedTime?: number;
}

/** A directory that -r descends into. */
export interface Directory {
  directory: string;
}

/** Whether the run writes an output file next to the input (not -c, -t or -l). */
export function writesFile(options: CliOptions): boolean {
  return !options.toStdout && (options.mode === 'compress' || options.mode === 'decompress');
}

/** gzip's status and message for a skipped operand: a warning prints unless quiet and gives status 2. */
function warn(io: CliIo, options: CliOptions, text: string): ExitStatus {
  diagnose(io, text, true, options.quiet);
  return 2;
}

/**
 * gzip opens its input without following a symbolic link and refuses a file with other hard links
 * when it would replace the file (not with -c or -f): status 1 and the system's ELOOP message for
 * a link, a warning for hard links.
 */
async function refuseLinks(path: string, options: CliOptions, io: CliIo): Promise<ExitStatus | undefined> {
  if (!writesFile(options) || options.force) return undefined;
  const info = await lstat(path);
  if (info.isSymbolicLink()) {
    diagnose(io, `${path}: Too many levels of symbolic links`);
    return 1;
  }
  if (info.isFile() && info.nlink > 1) {
    const others = info.nlink - 1;
    return warn(io, options, `${path} has ${others} other link${others === 1 ? '' : 's'} -- file ignored`);
  }
  return undefined;
}

/** -dN: the name and time stored in the first header (the name's last component only, as gzip). */
async function storedName(path: string): Promise<{ name: string | undefined; time: number }> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const header = firstHeader(head.subarray(0, bytesRead))?.header;
    const name = header?.name === undefined || header.name === '' ? undefined : basename(header.name);
    return { name, time: header?.mtime ?? 0 };
  } finally {
    await handle.close();
  }
}

/** Checks a file operand and picks its output path; an exit status when it is skipped. */
export async function planFile(
  path: string,
  options: CliOptions,
  io: CliIo,
  nested: boolean,
): Promise<Target | Directory | ExitStatus> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    const refused = await refuseLinks(path, options, io);
    if (refused !== undefined) return refused;
    info = await stat(path);
  } catch (error) {
    diagnose(io, `${path}: ${describeSystemError(error)}`);
    return 1;
  }
  if (info.isDirectory()) {
    if (options.recursive) return { directory: path };
    return warn(io, options, `${path} is a directory -- ignored`);
  }
  if (!info.isFile()) return warn(io, options, `${path} is not a directory or a regular file - ignored`);
  const hasSuffix = path.endsWith(options.suffix) && path.length > options.suffix.length;
  // gzip 1.12 prints these two without changing the exit status, and only with -v inside -r.
  const mention = (text: string) => {
    if (options.verbose || (!nested && !options.quiet)) diagnose(io, text);
    return 0 as const;
  };
  if (options.mode === 'compress' && hasSuffix && !options.force && !options.toStdout) {
    return mention(`${path} already has ${options.suffix} suffix -- unchanged`);
  }
  if (!writesFile(options)) return { name: path, size: info.size, outputPath: undefined };
  if (options.mode === 'compress')
    return { name: path, size: info.size, outputPath: `${path}${options.suffix}` };
  if (!hasSuffix) {
    if (nested && !options.verbose) return 0;
    return warn(io, options, `${path}: unknown suffix -- ignored`);
  }
  const target: Target = { name: path, size: info.size, outputPath: path.slice(0, -options.suffix.length) };
  if (options.name === true) {
    const stored = await storedName(path).catch(() => ({ name: undefined, time: 0 }));
    if (stored.name !== undefined) target.outputPath = join(dirname(path), stored.name);
    target.storedTime = stored.time;
  }
  return target;
}
