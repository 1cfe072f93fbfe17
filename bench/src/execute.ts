// SPDX-License-Identifier: Apache-2.0
// Runs tasks in child processes, a bounded number at a time, remembering why a contender was
// skipped so a contender that cannot run here (no device, package not built) is not asked every time.
import { findContender } from './contenders/registry';
import { runInChild } from './spawn';
import type { Task, TaskResult } from './tasks';

export interface ExecutorOptions {
  childPath: string;
  timeoutMs: number;
  concurrency: number;
  onResult?(task: Task, result: TaskResult, elapsedMs: number): void;
}

const SKIP_REUSES = 5;

function skipKey(task: Task): string {
  if (task.kind === 'queue') return `queue|${task.mode}`;
  if (task.kind === 'reopen') return `reopen|${task.contender}`;
  return `${task.contender}|${task.kind === 'throughput' ? task.operation : 'compress'}`;
}

function levelSkip(task: Task): TaskResult | undefined {
  if (task.kind === 'queue' || task.kind === 'reopen') return undefined;
  const contender = findContender(task.contender);
  if (!contender.levels || contender.levels.includes(task.level)) return undefined;
  return { status: 'skipped', reason: `${contender.label} has no level ${task.level} option` };
}

export class Executor {
  readonly #options: ExecutorOptions;
  /** Why a contender was skipped, and how many more tasks may reuse that answer before a re-probe. */
  readonly #skips = new Map<string, { reason: string; reuses: number }>();

  constructor(options: ExecutorOptions) {
    this.#options = options;
  }

  async #runOne(task: Task): Promise<TaskResult> {
    const started = performance.now();
    // A cached skip is reused a few times only: a package being rebuilt by someone else in a
    // shared tree is a passing reason, and the contender gets another chance after that.
    const cached = this.#skips.get(skipKey(task));
    const known = cached && cached.reuses-- > 0 ? cached.reason : undefined;
    const result: TaskResult =
      levelSkip(task) ??
      (known !== undefined
        ? { status: 'skipped', reason: known }
        : await runInChild(task, { childPath: this.#options.childPath, timeoutMs: this.#options.timeoutMs }));
    if (result.status === 'skipped' && !levelSkip(task) && known === undefined) {
      this.#skips.set(skipKey(task), { reason: result.reason, reuses: SKIP_REUSES });
    } else if (result.status !== 'skipped') this.#skips.delete(skipKey(task));
    this.#options.onResult?.(task, result, performance.now() - started);
    return result;
  }

  /** Runs every task (at most `concurrency` at once) and returns the results in task order. */
  async runAll(tasks: readonly Task[]): Promise<TaskResult[]> {
    const results: TaskResult[] = new Array(tasks.length);
    let next = 0;
    const worker = async () => {
      while (next < tasks.length) {
        const index = next++;
        results[index] = await this.#runOne(tasks[index]!);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, this.#options.concurrency) }, worker));
    return results;
  }
}
