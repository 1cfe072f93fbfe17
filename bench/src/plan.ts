// SPDX-License-Identifier: Apache-2.0
// The matrix of tasks: (operation × level × corpus entry × contender) for throughput, then the
// small-message regime, memory and the queue engine. Contenders of one case run back to back, so
// each case's figures come from the same minute of the same machine.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { MATRIX_CONTENDERS, MEMORY_CONTENDER_IDS, MESSAGE_CONTENDERS } from './contenders/registry';
import type { Level, Operation } from './contenders/types';
import type { CorpusEntry } from './corpus';
import type { Settings } from './settings';
import type { MemoryTask, MessagesTask, QueueTask, ReopenTask, ThroughputTask } from './tasks';

export const OPERATIONS: readonly Operation[] = ['compress', 'decompress'];

export interface ThroughputCase {
  operation: Operation;
  level: Level;
  corpus: CorpusEntry;
  tasks: ThroughputTask[];
}

function inputFor(operation: Operation, level: Level, entry: CorpusEntry, dir: string): string {
  if (operation === 'compress') return entry.path;
  // Decompression inputs are node:zlib's output at the same level, made once per run.
  const path = join(dir, `${entry.name}.l${level}.gz`);
  writeFileSync(path, gzipSync(readFileSync(entry.path), { level }));
  return path;
}

/** Builds the throughput cases; writes the decompression inputs into `dir`. */
export function planThroughput(settings: Settings, corpus: CorpusEntry[], dir: string): ThroughputCase[] {
  const cases: ThroughputCase[] = [];
  for (const operation of OPERATIONS) {
    for (const level of settings.levels) {
      for (const entry of corpus.filter((e) => !settings.corpora || settings.corpora.includes(e.name))) {
        const inputPath = inputFor(operation, level, entry, dir);
        const tasks = MATRIX_CONTENDERS.map((contender) => ({
          kind: 'throughput' as const,
          contender: contender.id,
          operation,
          level,
          inputPath,
          originalSha256: entry.sha256,
          originalBytes: entry.bytes,
          iterations: Math.max(1, Math.ceil(settings.bytesPerRep / entry.bytes)),
          reps: settings.reps,
          warmup: settings.warmup,
          budgetMs: settings.budgetMs,
        }));
        cases.push({ operation, level, corpus: entry, tasks });
      }
    }
  }
  return cases;
}

/** Small-message tasks: for each size, every message contender. */
export function planMessages(settings: Settings, corpusPath: string): MessagesTask[] {
  const { sizes, count, level, reps, warmup } = settings.messages;
  return sizes.flatMap((messageSize) =>
    MESSAGE_CONTENDERS.map((contender) => ({
      kind: 'messages' as const,
      contender: contender.id,
      level,
      corpusPath,
      messageSize,
      count,
      reps,
      warmup,
      budgetMs: settings.messages.budgetMs,
    })),
  );
}

export function planMemory(settings: Settings, corpusPath: string): MemoryTask[] {
  return MEMORY_CONTENDER_IDS.map((contender) => ({
    kind: 'memory' as const,
    contender,
    level: settings.memory.level,
    corpusPath,
    totalBytes: settings.memory.totalBytes,
    sampleMs: settings.memory.sampleMs,
    reps: 1,
    warmup: 0,
    budgetMs: settings.memory.budgetMs,
  }));
}

export function planQueue(settings: Settings): QueueTask[] {
  return (['batch', 'sync'] as const).map((mode) => ({
    kind: 'queue' as const,
    mode,
    contender: 'qm',
    descriptors: settings.queue.descriptors,
    batch: settings.queue.batch,
    reps: settings.reps,
    warmup: settings.warmup,
    budgetMs: settings.budgetMs,
  }));
}

/** Queue reopens after idle, on the emulator and on a real device (skipped where there is none). */
export function planReopen(settings: Settings, emulatorEnv: Record<string, string>): ReopenTask[] {
  const { cycles, idleTimeoutMs } = settings.reopen ?? { cycles: 3, idleTimeoutMs: 20 };
  return (['qm-emulator', 'qm-hardware'] as const).map((contender) => ({
    kind: 'reopen' as const,
    contender,
    cycles,
    idleTimeoutMs,
    reps: cycles,
    warmup: 1,
    budgetMs: Math.max(settings.budgetMs, 10_000),
    ...(contender === 'qm-emulator' ? { env: emulatorEnv } : {}),
  }));
}
