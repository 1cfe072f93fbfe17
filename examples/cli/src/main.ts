// SPDX-License-Identifier: Apache-2.0
// The uacce-gzip program: parse, then each operand in turn; the exit status is the worst one.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { type CliOptions, parseArgs, USAGE } from './args';
import type { CliIo } from './io';
import {
  formatListEntry,
  LIST_HEADER,
  LIST_HEADER_VERBOSE,
  type ListEntry,
  listSource,
  totalEntry,
} from './list';
import { describeDataError, describeSystemError, diagnose, type ExitStatus, worse } from './messages';
import { processOperand } from './operand';

/** Printed by --version. */
export const VERSION = '0.0.0';

/** gzip's report of an input that cannot be listed: status 1, and gzip stops at a truncated one. */
interface ListFailure {
  status: ExitStatus;
  stop: boolean;
}

async function listOne(operand: string, options: CliOptions, io: CliIo): Promise<ListEntry | ListFailure> {
  const shown = operand === '-' ? 'stdin' : operand;
  const name =
    operand === '-'
      ? 'stdout'
      : operand.endsWith(options.suffix)
        ? operand.slice(0, -options.suffix.length)
        : operand;
  let entry: ListEntry;
  try {
    if (operand !== '-') await stat(operand);
    const source = operand === '-' ? io.stdin : createReadStream(operand);
    entry = await listSource(source, name, operand === '-' ? undefined : operand);
  } catch (error) {
    if ((error as { syscall?: unknown }).syscall !== undefined) {
      diagnose(io, `${shown}: ${describeSystemError(error)}`);
      return { status: 1, stop: false };
    }
    io.stderr.write('\n');
    diagnose(io, `${shown}: ${describeDataError(error, true)}`);
    return { status: 1, stop: (error as { code?: string }).code === 'Z_BUF_ERROR' };
  }
  // After the last member gzip lists nothing: garbage is a warning, zero bytes one only with -v.
  if (entry.trailing === 'zeros' && !options.verbose) return { status: 0, stop: false };
  if (entry.trailing !== 'none') {
    const what = entry.trailing === 'zeros' ? 'trailing zero bytes' : 'trailing garbage';
    if (!options.quiet) io.stderr.write('\n');
    diagnose(io, `${shown}: decompression OK, ${what} ignored`, true, options.quiet);
    return { status: 2, stop: false };
  }
  return entry;
}

async function list(operands: string[], options: CliOptions, io: CliIo): Promise<ExitStatus> {
  let status: ExitStatus = 0;
  const entries: ListEntry[] = [];
  for (const operand of operands) {
    const entry = await listOne(operand, options, io);
    if ('stop' in entry) {
      status = worse(status, entry.status);
      if (entry.stop) return status;
      continue;
    }
    if (entries.length === 0) io.stdout.write(`${options.verbose ? LIST_HEADER_VERBOSE : LIST_HEADER}\n`);
    entries.push(entry);
    io.stdout.write(`${formatListEntry(entry, options.verbose)}\n`);
  }
  if (entries.length > 1) io.stdout.write(`${formatListEntry(totalEntry(entries), options.verbose)}\n`);
  return status;
}

/** Runs the program with `argv` (no node/script) and returns gzip's exit status. */
export async function main(argv: readonly string[], io: CliIo): Promise<ExitStatus> {
  let options: CliOptions;
  try {
    options = parseArgs(argv, io.env.GZIP);
  } catch (error) {
    diagnose(io, (error as Error).message);
    io.stderr.write("Try `uacce-gzip --help' for more information.\n");
    return 1;
  }
  // gzip 1.12 warns once GZIP has been read (so GZIP=-q silences it), before the command line's
  // own options take effect; the warning does not change the exit status.
  if (options.environmentWarning)
    diagnose(io, 'warning: GZIP environment variable is deprecated; use an alias or script');
  if (options.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  if (options.version) {
    io.stdout.write(`uacce-gzip ${VERSION}\n`);
    return 0;
  }
  const operands = options.files.length === 0 ? ['-'] : options.files;
  if (options.mode === 'list') return list(operands, options, io);
  let status: ExitStatus = 0;
  for (const operand of operands) status = worse(status, await processOperand(operand, options, io));
  return status;
}
