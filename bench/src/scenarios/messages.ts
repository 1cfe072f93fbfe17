// SPDX-License-Identifier: Apache-2.0
// The small-message regime: many distinct messages (HTTP responses, log batches), each compressed
// by a whole call, one after another: what matters is the per-message round trip. A repetition
// stops early when the child's budget is spent (slow contenders), and records how many it did.
import { readFileSync } from 'node:fs';
import type { Codec } from '../contenders/types';
import type { MessagesTask, TaskResult } from '../tasks';
import { checkOutput, sha256 } from './verify';

const CHECK_EVERY = 64;

function slices(corpus: Buffer, size: number, count: number): Buffer[] {
  const span = Math.max(1, corpus.length - size);
  const messages: Buffer[] = [];
  // A prime stride spreads the messages over the corpus, all distinct.
  for (let i = 0; i < count; i++)
    messages.push(corpus.subarray((i * 7919) % span, ((i * 7919) % span) + size));
  return messages;
}

/** Compresses messages in order until all are done or `deadline` (performance.now()) passes. */
async function compressAll(codec: Codec, messages: Buffer[], deadline: number): Promise<number> {
  let done = 0;
  while (done < messages.length) {
    const end = Math.min(messages.length, done + CHECK_EVERY);
    if (codec.sync) for (; done < end; done++) codec.run(messages[done]!);
    else for (; done < end; done++) await codec.run(messages[done]!);
    if (performance.now() > deadline) break;
  }
  return done;
}

/** Runs a small-message task with an opened (compressing) codec. */
export async function runMessages(task: MessagesTask, codec: Codec): Promise<TaskResult> {
  const messages = slices(readFileSync(task.corpusPath), task.messageSize, task.count);
  const probe = messages[0]!;
  const wrong = checkOutput('compress', await codec.run(probe), sha256(probe));
  if (wrong) return { status: 'failed', error: wrong };
  const deadline = performance.now() + task.budgetMs;
  for (let i = 0; i < task.warmup; i++) await compressAll(codec, messages, deadline);
  const timesNs: number[] = [];
  const unitsByRep: number[] = [];
  for (let i = 0; i < task.reps && (i === 0 || performance.now() < deadline); i++) {
    const t0 = process.hrtime.bigint();
    // compressAll does at least CHECK_EVERY messages, even past the deadline.
    const done = await compressAll(codec, messages, deadline);
    timesNs.push(Number(process.hrtime.bigint() - t0));
    unitsByRep.push(done);
  }
  return {
    status: 'ok',
    timesNs,
    unitsByRep,
    bytesPerRep: task.messageSize * task.count,
    unitsPerRep: task.count,
    outputBytes: 0,
    servedBy: codec.servedBy?.(),
  };
}
