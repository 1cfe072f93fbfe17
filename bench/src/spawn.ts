// SPDX-License-Identifier: Apache-2.0
// Running one task in a fresh child process and waiting for its one result. A child that dies,
// hangs past its timeout or never answers is a failed task, never a crashed benchmark.
import { fork } from 'node:child_process';
import type { Task, TaskResult } from './tasks';

export interface SpawnOptions {
  childPath: string;
  timeoutMs: number;
}

/** Runs `task` in a new Node process executing `childPath`; resolves with its result. */
export function runInChild(task: Task, options: SpawnOptions): Promise<TaskResult> {
  return new Promise((resolve) => {
    const child = fork(options.childPath, [JSON.stringify(task)], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'json',
    });
    let result: TaskResult | undefined;
    let stderr = '';
    child.stderr?.on('data', (data: Buffer) => {
      stderr = (stderr + data.toString()).slice(-2000);
    });
    const timer = setTimeout(() => {
      result ??= { status: 'failed', error: `timed out after ${options.timeoutMs} ms` };
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.on('message', (message) => {
      result ??= message as TaskResult;
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const last = stderr.trim().split('\n').at(-1) ?? '';
      resolve(
        result ?? {
          status: 'failed',
          error: `child exited (${signal ?? code}) without a result ${last}`.trim(),
        },
      );
    });
  });
}
