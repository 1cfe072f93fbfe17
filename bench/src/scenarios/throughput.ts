// SPDX-License-Identifier: Apache-2.0
// Throughput of one contender on one corpus entry: each repetition runs the whole input
// `iterations` times (small HTTP slices need many calls for a measurable repetition).
import { readFileSync } from 'node:fs';
import type { Codec } from '../contenders/types';
import type { TaskResult, ThroughputTask } from '../tasks';
import { repeat } from './timing';
import { checkOutput } from './verify';

async function runOnce(codec: Codec, input: Buffer): Promise<Uint8Array> {
  return codec.run(input);
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
  const first = await runOnce(codec, input);
  const wrong = checkOutput(task.operation, first, task.originalSha256);
  if (wrong) return { status: 'failed', error: wrong };
  const timesNs = await repeat(task, () => runMany(codec, input, task.iterations));
  return {
    status: 'ok',
    timesNs,
    bytesPerRep: task.originalBytes * task.iterations,
    unitsPerRep: task.iterations,
    outputBytes: first.length,
    servedBy: codec.servedBy?.(),
  };
}
