// SPDX-License-Identifier: Apache-2.0
// The uacce-gzip program: parse, then each operand in turn; the exit status is the worst one.
import { type CliOptions, parseArgs, USAGE } from './args';
import type { CliIo } from './io';
import { formatListEntry, LIST_HEADER, type ListEntry, listBytes, listFile, totalEntry } from './list';
import { diagnose, type ExitStatus, worse } from './messages';
import { processOperand } from './operand';

/** Printed by --version. */
export const VERSION = '0.0.0';

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

async function listOne(operand: string, options: CliOptions, io: CliIo): Promise<ListEntry | ExitStatus> {
  try {
    const name =
      operand === '-'
        ? 'stdout'
        : operand.endsWith(options.suffix)
          ? operand.slice(0, -options.suffix.length)
          : operand;
    const entry = operand === '-' ? listBytes(await readAll(io.stdin), name) : await listFile(operand, name);
    if (entry) return entry;
    diagnose(io, `${operand === '-' ? 'stdin' : operand}: not in gzip format`);
    return 1;
  } catch (error) {
    diagnose(
      io,
      `${operand}: ${(error as { code?: string }).code === 'ENOENT' ? 'No such file or directory' : String(error)}`,
    );
    return 1;
  }
}

async function list(operands: string[], options: CliOptions, io: CliIo): Promise<ExitStatus> {
  let status: ExitStatus = 0;
  const entries: ListEntry[] = [];
  for (const operand of operands) {
    const entry = await listOne(operand, options, io);
    if (typeof entry === 'number') {
      status = worse(status, entry);
      continue;
    }
    if (entries.length === 0) io.stdout.write(`${LIST_HEADER}\n`);
    entries.push(entry);
    io.stdout.write(`${formatListEntry(entry)}\n`);
  }
  if (entries.length > 1) io.stdout.write(`${formatListEntry(totalEntry(entries))}\n`);
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
