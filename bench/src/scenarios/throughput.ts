// SPDX-License-Identifier: Apache-2.0
// Throughput of one contender on one corpus entry: each repetition runs the whole input
// `iterations` times (small HTTP slices need many calls for a measurable repetition).
import { readFileSync } from 'node:fs';
import type { Codec } from '../contenders/types';
import type { TaskResult, ThroughputTask } from '../tasks';
import { repeat } from './timing';
import { checkOutput } from './verify';

/**
 * Calls per repetition: the planned number, fewer when one call is so slow (an emulated device
 * answering each call in milliseconds) that the planned repetitions would overrun the budget.
 */
function fitIterations(task: ThroughputTask, firstCallMs: number): number {
  const runs = task.reps + task.warmup;
  const affordable = Math.floor(task.budgetMs / runs / Math.max(firstCallMs, 1e-3));
  return Math.max(1, Math.min(task.iterations, affordable));
}

function runMany(codec: Codec, input: Buffer, iterations: number): Promise<void> | void {
  if (codec.sync) {
    for (let i = 0; i < iterations; i++) codec.run(input);
    return;
  }
  return (async () => {
    for (let i = 0; i < iterations; i++) await codec.run(input);
  })();
}

/** Runs a throughput task with an opened codec. */
export async function runThroughput(task: ThroughputTask, codec: Codec): Promise<TaskResult> {
  const input = readFileSync(task.inputPath);
  const t0 = performance.now();
  const first = await codec.run(input);
  const firstCallMs = performance.now() - t0;
  const iterations = fitIterations(task, firstCallMs);
  // When one call already costs most of the budget, the verified first call is the warm-up.
  const warmup = firstCallMs * (task.warmup + 1) > task.budgetMs ? 0 : task.warmup;
  const wrong = checkOutput(task.operation, first, task.originalSha256);
  if (wrong) return { status: 'failed', error: wrong };
  const timesNs = await repeat({ ...task, warmup }, () => runMany(codec, input, iterations));
  return {
    status: 'ok',
    timesNs,
    bytesPerRep: task.originalBytes * iterations,
    unitsPerRep: iterations,
    outputBytes: first.length,
    servedBy: codec.servedBy?.(),
  };
}
