// SPDX-License-Identifier: Apache-2.0
// Memory while streaming a large amount of data through one compressing Transform: RSS is sampled
// on a timer while the input (the corpus, cycled as 64 KiB views, so the source itself allocates
// nothing) goes through pipeline() into a sink that counts and drops. Flat means backpressure works.
import { readFileSync } from 'node:fs';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Codec } from '../contenders/types';
import type { MemorySample, MemoryTask, TaskResult } from '../tasks';

const CHUNK = 64 * 1024;

function engineOf(stream: unknown): string | undefined {
  const engine = (stream as { engine?: unknown }).engine;
  return typeof engine === 'string' ? engine : undefined;
}

/** Cycles through the corpus until `total` bytes are out or `deadline` (performance.now()) passes. */
function cyclingSource(
  corpus: Buffer,
  total: number,
  deadline: number,
  progress: { bytes: number },
): Readable {
  let offset = 0;
  return new Readable({
    highWaterMark: CHUNK,
    read() {
      if (progress.bytes >= total || performance.now() > deadline) return void this.push(null);
      if (offset + CHUNK > corpus.length) offset = 0;
      const size = Math.min(CHUNK, total - progress.bytes, corpus.length);
      this.push(corpus.subarray(offset, offset + size));
      offset += size;
      progress.bytes += size;
    },
  });
}

function countingSink(counter: { bytes: number }): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      counter.bytes += chunk.length;
      callback();
    },
  });
}

/** Runs a memory task with an opened streaming codec. */
export async function runMemory(task: MemoryTask, codec: Codec): Promise<TaskResult> {
  if (!codec.createTransform) return { status: 'skipped', reason: 'not a streaming contender' };
  const corpus = readFileSync(task.corpusPath);
  const progress = { bytes: 0 };
  const output = { bytes: 0 };
  const samples: MemorySample[] = [];
  const sample = () => samples.push({ bytes: progress.bytes, rss: process.memoryUsage.rss() });
  sample();
  const timer = setInterval(sample, task.sampleMs);
  const transform = codec.createTransform();
  const t0 = process.hrtime.bigint();
  try {
    const deadline = performance.now() + task.budgetMs;
    await pipeline(
      cyclingSource(corpus, task.totalBytes, deadline, progress),
      transform,
      countingSink(output),
    );
  } finally {
    clearInterval(timer);
  }
  const elapsed = Number(process.hrtime.bigint() - t0);
  sample();
  const streamed = progress.bytes;
  const settled = samples.find((s) => s.bytes >= streamed / 10) ?? samples[0]!;
  return {
    status: 'ok',
    timesNs: [elapsed],
    bytesPerRep: streamed,
    unitsPerRep: 1,
    outputBytes: output.bytes,
    servedBy: codec.servedBy?.() ?? engineOf(transform),
    memory: {
      baselineRss: samples[0]!.rss,
      peakRss: Math.max(...samples.map((s) => s.rss)),
      growth: samples.at(-1)!.rss - settled.rss,
      samples,
    },
  };
}
