// SPDX-License-Identifier: Apache-2.0
// What happens to one operand (a file, or '-' for stdin): compress, decompress or test it.
import { createReadStream, createWriteStream } from 'node:fs';
import { chmod, stat, unlink, utimes } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import type { CliOptions } from './args';
import { borrowStdout, type CliIo, nullSink } from './io';
import { describeDataError, describeSystemError, type ExitStatus } from './messages';
import { wantsProgress } from './progress';
import { firstHeader, formatRatio, startsLikeGzip } from './ratio';
import { formatRate, labelEngine } from './throughput';
import { ByteCounter, type TransferResult, transfer } from './transfer';

/** Prints `uacce-gzip: <name>: <text>` unless quiet (errors print even when quiet). */
export function diagnose(io: CliIo, text: string, isWarning = false, quiet = false): void {
  if (isWarning && quiet) return;
  io.stderr.write(`uacce-gzip: ${text}\n`);
}

function summary(result: TransferResult, options: CliOptions): string {
  const engine = labelEngine(result);
  const rate = formatRate(options.mode === 'compress' ? result.bytesIn : result.bytesOut, result.nanoseconds);
  return `[${engine}, ${rate}]`;
}

/** gzip's -v ratio for a finished run: bytes saved against the uncompressed size, framing excluded. */
function runRatio(result: TransferResult, mode: CliOptions['mode'], input: ByteCounter): string {
  if (mode === 'compress') return formatRatio(result.bytesIn - (result.bytesOut - 18), result.bytesIn);
  // Our own output has a 10-byte header; gzip's may carry a name, which gzip leaves out too.
  const header = firstHeader(input.head)?.length ?? 10;
  return formatRatio(result.bytesOut - (result.bytesIn - header - 8), result.bytesOut);
}

interface Target {
  name: string;
  size: number | undefined;
  outputPath: string | undefined;
}

/** Checks an input file and picks its output path; returns an exit status when it must be skipped. */
async function planFile(path: string, options: CliOptions, io: CliIo): Promise<Target | ExitStatus> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (error) {
    diagnose(io, `${path}: ${describeSystemError(error)}`);
    return 1;
  }
  if (info.isDirectory()) {
    diagnose(io, `${path} is a directory -- ignored`, true, options.quiet);
    return 2;
  }
  if (!info.isFile()) {
    diagnose(io, `${path} is not a directory or a regular file - ignored`, true, options.quiet);
    return 2;
  }
  const hasSuffix = path.endsWith(options.suffix) && path.length > options.suffix.length;
  if (options.mode === 'compress' && hasSuffix && !options.force && !options.toStdout) {
    diagnose(io, `${path} already has ${options.suffix} suffix -- unchanged`, true, options.quiet);
    return 2;
  }
  const writes = !options.toStdout && (options.mode === 'compress' || options.mode === 'decompress');
  if (options.mode === 'decompress' && writes && !hasSuffix) {
    diagnose(io, `${path}: unknown suffix -- ignored`, true, options.quiet);
    return 2;
  }
  const outputPath = !writes
    ? undefined
    : options.mode === 'compress'
      ? `${path}${options.suffix}`
      : path.slice(0, -options.suffix.length);
  return { name: path, size: info.size, outputPath };
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** Where the output goes: stdout, a null sink for -t, or the output file (created exclusively unless -f). */
async function openDestination(
  target: Target,
  options: CliOptions,
  io: CliIo,
): Promise<Writable | ExitStatus> {
  if (options.mode === 'test') return nullSink();
  if (target.outputPath === undefined) return borrowStdout(io.stdout);
  if (!options.force && (await exists(target.outputPath))) {
    diagnose(io, `${target.outputPath} already exists;\tnot overwritten`, true, options.quiet);
    return 2;
  }
  return createWriteStream(target.outputPath, { flags: options.force ? 'w' : 'wx' });
}

/** After success, gzip carries mode and times over to the output and removes the input. */
async function replaceInput(target: Target, options: CliOptions): Promise<void> {
  if (target.outputPath === undefined || options.keep) return;
  const info = await stat(target.name);
  await chmod(target.outputPath, info.mode & 0o7777);
  await utimes(target.outputPath, info.atime, info.mtime);
  await unlink(target.name);
}

function reportSuccess(
  io: CliIo,
  target: Target,
  options: CliOptions,
  result: TransferResult,
  input: ByteCounter,
): void {
  if (!options.verbose) return;
  const name = target.name === '-' ? 'stdin' : target.name;
  const tail =
    options.mode === 'test'
      ? ' OK'
      : `${runRatio(result, options.mode, input)} -- ${target.outputPath ? `replaced with ${target.outputPath}` : 'replaced with stdout'}`;
  io.stderr.write(`${name}:\t${tail} ${summary(result, options)}\n`);
}

/** gzip's words for a failed run: a system error as such, otherwise what was wrong with the data. */
function describeFailure(error: unknown, mode: CliOptions['mode'], input: ByteCounter): string {
  if ((error as { syscall?: unknown }).syscall !== undefined || mode === 'compress') {
    return describeSystemError(error);
  }
  // An empty input is a truncated gzip file to gzip ("unexpected end of file"), not a foreign one.
  return describeDataError(error, input.bytes === 0 || startsLikeGzip(input.head));
}

/** Runs one operand; returns its exit status (diagnostics already printed). */
export async function processOperand(operand: string, options: CliOptions, io: CliIo): Promise<ExitStatus> {
  const planned: Target | ExitStatus =
    operand === '-'
      ? { name: '-', size: undefined, outputPath: undefined }
      : await planFile(operand, options, io);
  if (typeof planned === 'number') return planned;
  const target = planned;
  if (options.mode === 'compress' && target.outputPath === undefined && io.stdout.isTTY && !options.force) {
    diagnose(io, 'compressed data not written to a terminal. Use -f to force compression.');
    return 1;
  }
  if (options.mode !== 'compress' && target.name === '-' && io.stdin.isTTY && !options.force) {
    diagnose(io, 'compressed data not read from a terminal. Use -f to force decompression.');
    return 1;
  }
  const destination = await openDestination(target, options, io);
  if (typeof destination === 'number') return destination;
  const input = new ByteCounter();
  const source = target.name === '-' ? io.stdin : createReadStream(target.name);
  try {
    const result = await transfer({
      direction: options.mode === 'compress' ? 'compress' : 'decompress',
      level: options.level,
      engine: options.engine,
      source,
      destination,
      input,
      ...(wantsProgress(io.stderr, target.size, options.quiet)
        ? { progress: { name: target.name, total: target.size!, terminal: io.stderr } }
        : {}),
    });
    await replaceInput(target, options);
    reportSuccess(io, target, options, result, input);
    return 0;
  } catch (error) {
    if (target.outputPath !== undefined) await unlink(target.outputPath).catch(() => {});
    const text = describeFailure(error, options.mode, input);
    diagnose(io, `${target.name === '-' ? 'stdin' : target.name}: ${text}`);
    return 1;
  }
}
