// SPDX-License-Identifier: Apache-2.0
// The process streams the tool talks to, injectable so tests can run it in-process.
import { type Readable, Writable } from 'node:stream';

/** The streams and environment a run uses. */
export interface CliIo {
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean; columns?: number };
  env: NodeJS.ProcessEnv;
}

/** The real process streams. */
export function processIo(): CliIo {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env };
}

/** A Writable that drops everything (for -t). */
export function nullSink(): Writable {
  return new Writable({ write: (_chunk, _encoding, callback) => callback() });
}

/**
 * A Writable over stdout that never ends or destroys it: a failed pipeline must not take the
 * process's stdout down, and with -c several operands are written to it one after the other.
 */
export function borrowStdout(stdout: CliIo['stdout']): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (stdout.write(chunk)) callback();
      else stdout.once('drain', () => callback());
    },
    final(callback) {
      callback();
    },
  });
}
