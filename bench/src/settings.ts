// SPDX-License-Identifier: Apache-2.0
// The two settings of the benchmark: the full manual run and the smoke run CI uses so the
// benchmark code cannot rot (tiny corpus, one repetition, same code paths, every contender).
import type { Level } from './contenders/types';

export interface Settings {
  mode: 'full' | 'smoke';
  levels: Level[];
  /** Corpus entries the throughput matrix runs on (all are built and recorded); undefined = all. */
  corpora?: string[];
  /**
   * Throughput rounds: every contender of a case runs once per round, each time in a fresh child,
   * in an order rotated from round to round; a ratio is the median of the per-round ratios, so a
   * child that happens to land on a slow process (or a slow minute) is outvoted.
   */
  rounds: number;
  reps: number;
  warmup: number;
  /** A child stops repeating once this much wall time is spent (it keeps at least one run). */
  budgetMs: number;
  childTimeoutMs: number;
  /** Children run at once (1 for the full run, so contenders never share the CPU). */
  concurrency: number;
  /** Each repetition processes at least this many input bytes (small slices run many times). */
  bytesPerRep: number;
  messages: { sizes: number[]; count: number; level: Level; reps: number; warmup: number; budgetMs: number };
  /** Streams `totalBytes`, or as much as `budgetMs` allows (a slow emulated device). */
  memory: { totalBytes: number; level: Level; sampleMs: number; budgetMs: number };
  queue: { descriptors: number; batch: number };
  /** Queue reopens after idle: `cycles` idle spells of `idleTimeoutMs` (optional in older documents). */
  reopen?: { cycles: number; idleTimeoutMs: number };
}

const MiB = 1024 * 1024;

export const FULL: Settings = {
  mode: 'full',
  levels: [1, 6, 9],
  rounds: 5,
  reps: 1,
  warmup: 1,
  budgetMs: 4_000,
  childTimeoutMs: 180_000,
  concurrency: 1,
  bytesPerRep: 512 * 1024,
  messages: { sizes: [1024, 4096], count: 10_000, level: 6, reps: 3, warmup: 0, budgetMs: 8_000 },
  memory: { totalBytes: 1024 * MiB, level: 6, sampleMs: 100, budgetMs: 60_000 },
  queue: { descriptors: 200_000, batch: 32 },
  reopen: { cycles: 30, idleTimeoutMs: 50 },
};

export const SMOKE: Settings = {
  mode: 'smoke',
  levels: [1, 6],
  corpora: ['http-4k.json'],
  rounds: 1,
  reps: 1,
  warmup: 0,
  budgetMs: 2_000,
  childTimeoutMs: 60_000,
  concurrency: 2,
  bytesPerRep: 64 * 1024,
  messages: { sizes: [1024, 4096], count: 100, level: 6, reps: 1, warmup: 0, budgetMs: 2_000 },
  memory: { totalBytes: 16 * MiB, level: 6, sampleMs: 20, budgetMs: 5_000 },
  queue: { descriptors: 10_000, batch: 32 },
  reopen: { cycles: 3, idleTimeoutMs: 20 },
};
