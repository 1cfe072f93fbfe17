// SPDX-License-Identifier: Apache-2.0
// A child Node process driven line by line over its stdio.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

export interface LineChild {
  process: ChildProcessWithoutNullStreams;
  /** The next line the child prints. */
  nextLine(): Promise<string>;
  /** Sends one line to the child's stdin. */
  send(line: string): void;
  /** Ends stdin and waits for the exit code. */
  finish(): Promise<number | null>;
}

/** Runs `script` (CommonJS) in a new Node process with `env` added. */
export function startChild(script: string, env: Record<string, string>, args: string[] = []): LineChild {
  const child = spawn(process.execPath, [...args, '-e', script], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return {
    process: child,
    async nextLine() {
      const next = await lines.next();
      if (next.done) throw new Error(`child ended early; stderr: ${stderr}`);
      return next.value;
    },
    send(line) {
      child.stdin.write(`${line}\n`);
    },
    async finish() {
      child.stdin.end();
      return exited;
    },
  };
}
