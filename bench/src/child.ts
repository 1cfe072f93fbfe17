// SPDX-License-Identifier: Apache-2.0
// The child process: runs exactly one task for exactly one contender (better-sqlite3's benchmark
// style), so no contender inherits another's heap, JIT state, thread pool or emulator. The task
// arrives as JSON in argv; the result leaves over the IPC channel; then the process exits.
import { findContender } from './contenders/registry';
import { SkipError } from './contenders/types';
import { runMemory } from './scenarios/memory';
import { runMessages } from './scenarios/messages';
import { runQueue } from './scenarios/queue';
import { runReopen } from './scenarios/reopen';
import { runThroughput } from './scenarios/throughput';
import type { Task, TaskResult } from './tasks';

function describe(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return code === undefined ? `${message}` : `${String(code)}: ${message}`;
}

async function runContenderTask(task: Exclude<Task, { kind: 'queue' | 'reopen' }>): Promise<TaskResult> {
  const contender = findContender(task.contender);
  if (contender.levels && !contender.levels.includes(task.level)) {
    return { status: 'skipped', reason: `${contender.label} has no level ${task.level} option` };
  }
  const operation = task.kind === 'throughput' ? task.operation : 'compress';
  try {
    const codec = await contender.open(operation, task.level);
    if (task.kind === 'throughput') return await runThroughput(task, codec);
    if (task.kind === 'messages') return await runMessages(task, codec);
    return await runMemory(task, codec);
  } finally {
    await contender.close?.();
  }
}

async function runTask(task: Task): Promise<TaskResult> {
  try {
    if (task.kind === 'queue') return await runQueue(task);
    if (task.kind === 'reopen') return await runReopen(task);
    return await runContenderTask(task);
  } catch (error) {
    if (error instanceof SkipError) return { status: 'skipped', reason: error.message };
    return { status: 'failed', error: describe(error) };
  }
}

async function main(): Promise<void> {
  const task = JSON.parse(process.argv[2] ?? '{}') as Task;
  Object.assign(process.env, task.env);
  const result = await runTask(task);
  process.send?.(result, undefined, undefined, () => process.exit(0));
}

void main();
