// SPDX-License-Identifier: Apache-2.0
// The small-message regime: many distinct messages (HTTP responses, log batches), each compressed
// by a whole call, one after another: what matters is the per-message round trip.
import { readFileSync } from 'node:fs';
import type { Codec } from '../contenders/types';
import type { MessagesTask, TaskResult } from '../tasks';
import { repeat } from './timing';
import { checkOutput, sha256 } from './verify';

function slices(corpus: Buffer, size: number, count: number): Buffer[] {
  const span = Math.max(1, corpus.length - size);
  const messages: Buffer[] = [];
  // A stride coprime with typical spans spreads messages over the corpus, all distinct.
  for (let i = 0; i < count; i++)
    messages.push(corpus.subarray((i * 7919) % span, ((i * 7919) % span) + size));
  return messages;
}

/** Runs a small-message task with an opened (compressing) codec. */
export async function runMessages(task: MessagesTask, codec: Codec): Promise<TaskResult> {
  const messages = slices(readFileSync(task.corpusPath), task.messageSize, task.count);
  const probe = messages[0]!;
  const wrong = checkOutput('compress', await codec.run(probe), sha256(probe));
  if (wrong) return { status: 'failed', error: wrong };
  let outputBytes = 0;
  const timesNs = await repeat(task, async () => {
    outputBytes = 0;
    if (codec.sync) for (const message of messages) outputBytes += (codec.run(message) as Uint8Array).length;
    else for (const message of messages) outputBytes += (await codec.run(message)).length;
  });
  return {
    status: 'ok',
    timesNs,
    bytesPerRep: task.messageSize * task.count,
    unitsPerRep: task.count,
    outputBytes,
    servedBy: codec.servedBy?.(),
  };
}
