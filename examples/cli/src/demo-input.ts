// SPDX-License-Identifier: Apache-2.0
// What the demo compresses: the file named on the command line, else stdin when it is piped,
// else the built-in sample.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { sampleLog } from './sample';

/** A source the demo can read as many times as it has engines to show. */
export interface DemoInput {
  /** How the input is named in the output. */
  label: string;
  size: number;
  open(): Readable;
  /** Set when the demo had to use something else than what it was asked for. */
  note?: string;
}

/** Size of the built-in sample. */
export const SAMPLE_SIZE = 8 * 1024 * 1024;
const STDIN_WAIT_MS = 3000;

function fromBuffer(label: string, bytes: Buffer, note?: string): DemoInput {
  const open = () => Readable.from(chunks(bytes), { objectMode: false });
  return { label, size: bytes.length, open, ...(note ? { note } : {}) };
}

function* chunks(bytes: Buffer): Generator<Buffer> {
  for (let offset = 0; offset < bytes.length; offset += 64 * 1024)
    yield bytes.subarray(offset, offset + 64 * 1024);
}

/**
 * Reads all of stdin; undefined when nothing arrives within STDIN_WAIT_MS (a pipe left open by a
 * runner must not hang the demo) or when it is empty.
 */
async function readStdin(stdin: NodeJS.ReadableStream): Promise<Buffer | undefined> {
  const parts: Buffer[] = [];
  let timer: NodeJS.Timeout | undefined;
  const idle = new Promise<'idle'>((resolve) => {
    timer = setTimeout(() => resolve('idle'), STDIN_WAIT_MS);
  });
  const iterator = stdin[Symbol.asyncIterator]();
  const first = await Promise.race([iterator.next(), idle]);
  clearTimeout(timer);
  if (first === 'idle' || first.done) {
    (stdin as Readable).destroy?.();
    return undefined;
  }
  parts.push(Buffer.from(first.value as Buffer));
  for (let step = await iterator.next(); !step.done; step = await iterator.next()) {
    parts.push(Buffer.from(step.value as Buffer));
  }
  return Buffer.concat(parts);
}

/** Picks the input; a missing file is an error (the caller prints it). */
export async function chooseInput(
  file: string | undefined,
  stdin: NodeJS.ReadableStream & { isTTY?: boolean },
): Promise<DemoInput> {
  if (file !== undefined) {
    const info = await stat(file);
    return { label: basename(file), size: info.size, open: () => createReadStream(file) };
  }
  if (!stdin.isTTY) {
    const bytes = await readStdin(stdin);
    if (bytes) return fromBuffer('stdin', bytes);
    return fromBuffer(
      'built-in sample',
      sampleLog(SAMPLE_SIZE),
      'nothing arrived on stdin; using the built-in sample',
    );
  }
  return fromBuffer('built-in sample', sampleLog(SAMPLE_SIZE));
}
