// SPDX-License-Identifier: Apache-2.0
// What happens to one operand (a file, a directory with -r, or '-' for stdin): compress,
// decompress or test it.
import { createReadStream, createWriteStream } from 'node:fs';
import { chmod, opendir, stat, unlink, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { CliOptions } from './args';
import { borrowStdout, type CliIo, nullSink } from './io';
import { describeDataError, describeSystemError, diagnose, type ExitStatus, worse } from './messages';
import { type Directory, planFile, type Target } from './plan';
import { wantsProgress } from './progress';
import { firstHeader, formatRatio, startsLikeGzip } from './ratio';
import { formatRate, labelEngine } from './throughput';
import { ByteCounter, type TransferResult, transfer } from './transfer';

function summary(result: TransferResult, options: CliOptions): string {
  const engine = labelEngine(result);
  const rate = formatRate(options.mode === 'compress' ? result.bytesIn : result.bytesOut, result.nanoseconds);
  return `[${engine}, ${rate}]`;
}

/** gzip's -v ratio for a finished run: bytes saved against the uncompressed size, framing excluded. */
function runRatio(result: TransferResult, mode: CliOptions['mode'], input: ByteCounter): string {
  if (mode === 'compress') return formatRatio(result.bytesIn - (result.bytesOut - 18), result.bytesIn);
  // After trailing bytes gzip no longer leaves the framing out.
  if (result.trailing !== 'none') return formatRatio(result.bytesOut - result.bytesIn, result.bytesOut);
  // Our own output has a 10-byte header; gzip's may carry a name, which gzip leaves out too.
  const header = firstHeader(input.head)?.length ?? 10;
  return formatRatio(result.bytesOut - (result.bytesIn - header - 8), result.bytesOut);
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

/**
 * After success gzip carries mode and times over to the output (with -N, the stored time) and
 * removes the input unless -k.
 */
async function replaceInput(target: Target, options: CliOptions): Promise<void> {
  if (target.outputPath === undefined) return;
  const info = await stat(target.name);
  await chmod(target.outputPath, info.mode & 0o7777);
  const storedTime = target.storedTime ?? 0;
  await utimes(target.outputPath, info.atime, storedTime > 0 ? storedTime : info.mtime);
  if (!options.keep) await unlink(target.name);
}

/**
 * What followed the last member: gzip warns about garbage always and about zero bytes with -v
 * ("decompression OK", on a line of its own), both with status 2; -q hides the text, not the status.
 */
function reportTrailing(io: CliIo, name: string, options: CliOptions, result: TransferResult): ExitStatus {
  if (result.trailing === 'none' || (result.trailing === 'zeros' && !options.verbose)) return 0;
  const what = result.trailing === 'zeros' ? 'trailing zero bytes' : 'trailing garbage';
  if (!options.quiet) io.stderr.write(`${options.verbose ? `${name}:\t` : ''}\n`);
  diagnose(io, `${name}: decompression OK, ${what} ignored`, true, options.quiet);
  return 2;
}

function reportSuccess(
  io: CliIo,
  target: Target,
  options: CliOptions,
  result: TransferResult,
  input: ByteCounter,
): ExitStatus {
  const name = target.name === '-' ? 'stdin' : target.name;
  const status = reportTrailing(io, name, options, result);
  if (!options.verbose) return status;
  const outcome =
    target.outputPath === undefined
      ? 'replaced with stdout'
      : options.keep
        ? `created ${target.outputPath}`
        : `replaced with ${target.outputPath}`;
  const tail = options.mode === 'test' ? ' OK' : `${runRatio(result, options.mode, input)} -- ${outcome}`;
  io.stderr.write(`${status === 0 ? `${name}:\t` : ''}${tail} ${summary(result, options)}\n`);
  return status;
}

/**
 * gzip's report of a failed run: a system error as such; what was wrong with the data on a line
 * of its own (gzip starts it with a newline, after the `name:<tab>` that -v printed first).
 */
function reportFailure(
  io: CliIo,
  name: string,
  error: unknown,
  options: CliOptions,
  input: ByteCounter,
): void {
  if ((error as { syscall?: unknown }).syscall !== undefined || options.mode === 'compress') {
    diagnose(io, `${name}: ${describeSystemError(error)}`);
    return;
  }
  // An empty input is a truncated gzip file to gzip ("unexpected end of file"), not a foreign one.
  const text = describeDataError(error, input.bytes === 0 || startsLikeGzip(input.head));
  io.stderr.write(options.verbose ? `${name}:\t\n` : '\n');
  diagnose(io, `${name}: ${text}`);
}

/** The first bytes of `source`, left in it to be read again; empty when it ends at once. */
async function peek(source: Readable): Promise<Buffer> {
  for (;;) {
    const chunk = source.read() as Buffer | null;
    if (chunk !== null) {
      source.unshift(chunk);
      return chunk;
    }
    if (source.readableEnded || source.destroyed) return Buffer.alloc(0);
    await new Promise<void>((resolve) => {
      const done = () => {
        source.off('readable', done).off('end', done).off('error', done);
        resolve();
      };
      source.on('readable', done).on('end', done).on('error', done);
    });
  }
}

/** -cdf: gzip copies input that is not gzip to stdout unchanged. */
async function passesThrough(source: Readable, options: CliOptions): Promise<boolean> {
  if (options.mode !== 'decompress' || !options.force || !options.toStdout) return false;
  const head = await peek(source);
  return head.length > 0 && !startsLikeGzip(head);
}

/** -r: every entry of a directory as an operand of its own. */
async function processDirectory(entry: Directory, options: CliOptions, io: CliIo): Promise<ExitStatus> {
  const names: string[] = [];
  try {
    // gzip takes the entries in the directory's own order: opendir gives it (readdir sorts).
    for await (const dirent of await opendir(entry.directory)) names.push(dirent.name);
  } catch (error) {
    diagnose(io, `${entry.directory}: ${describeSystemError(error)}`);
    return 1;
  }
  let status: ExitStatus = 0;
  for (const name of names) {
    status = worse(status, await processOperand(join(entry.directory, name), options, io, true));
  }
  return status;
}

/** Runs one operand; returns its exit status (diagnostics already printed). */
export async function processOperand(
  operand: string,
  options: CliOptions,
  io: CliIo,
  nested = false,
): Promise<ExitStatus> {
  const planned =
    operand === '-'
      ? { name: '-', size: undefined, outputPath: undefined }
      : await planFile(operand, options, io, nested);
  if (typeof planned === 'number') return planned;
  if ('directory' in planned) return processDirectory(planned, options, io);
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
  return run(target, destination, options, io);
}

async function run(
  target: Target,
  destination: Writable,
  options: CliOptions,
  io: CliIo,
): Promise<ExitStatus> {
  const input = new ByteCounter();
  const source = target.name === '-' ? io.stdin : createReadStream(target.name);
  try {
    if (await passesThrough(source, options)) {
      await pipeline(source, destination);
      return 0;
    }
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
    return reportSuccess(io, target, options, result, input);
  } catch (error) {
    if (target.outputPath !== undefined) await unlink(target.outputPath).catch(() => {});
    reportFailure(io, target.name === '-' ? 'stdin' : target.name, error, options, input);
    return 1;
  }
}
