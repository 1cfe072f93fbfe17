// SPDX-License-Identifier: Apache-2.0
// The messages between the parent and a child process: one task in (argv), one result out (IPC).
import type { Level, Operation } from './contenders/types';

interface TaskBase {
  contender: string;
  /** Timed repetitions; a child stops early once `budgetMs` is spent (at least one is kept). */
  reps: number;
  warmup: number;
  budgetMs: number;
  /** Variables set in the child before the contender opens (the shared emulator's). */
  env?: Record<string, string>;
}

/** Whole inputs of the corpus, `iterations` times per repetition. */
export interface ThroughputTask extends TaskBase {
  kind: 'throughput';
  operation: Operation;
  level: Level;
  inputPath: string;
  /** SHA-256 of the uncompressed bytes: every output is checked against it before timing. */
  originalSha256: string;
  originalBytes: number;
  iterations: number;
}

/** `count` distinct messages of `messageSize` bytes, each a whole call, per repetition. */
export interface MessagesTask extends TaskBase {
  kind: 'messages';
  level: Level;
  corpusPath: string;
  messageSize: number;
  count: number;
}

/** `totalBytes` streamed through one Transform while RSS is sampled. */
export interface MemoryTask extends TaskBase {
  kind: 'memory';
  level: Level;
  corpusPath: string;
  totalBytes: number;
  sampleMs: number;
}

/** Descriptors through the queue engine against a device that completes at once. */
export interface QueueTask extends TaskBase {
  kind: 'queue';
  mode: 'batch' | 'sync';
  descriptors: number;
  batch: number;
}

/**
 * A qm pool whose queues went back to the device after `idleTimeoutMs`, asked for one descriptor:
 * the queue is opened again (open, three ioctls, two mmaps) before it is served. `cycles` times.
 */
export interface ReopenTask extends TaskBase {
  kind: 'reopen';
  contender: 'qm-emulator' | 'qm-hardware';
  cycles: number;
  idleTimeoutMs: number;
}

export type Task = ThroughputTask | MessagesTask | MemoryTask | QueueTask | ReopenTask;

/** One reopen after idle, as the child measured it. */
export interface ReopenSample {
  /** First descriptor after idle: queue bring-up plus the descriptor, nanoseconds. */
  coldNs: number;
  /** The next descriptor on the queue just opened, nanoseconds. */
  warmNs: number;
  /** Wall time inside the bring-up's system calls (open, ioctls, mmaps), nanoseconds. */
  setupNs: number;
  opens: number;
  ioctls: number;
  mmaps: number;
}

export interface MemorySample {
  /** Bytes of input streamed so far. */
  bytes: number;
  rss: number;
}

export interface MemoryFigures {
  baselineRss: number;
  peakRss: number;
  /** RSS after the first 10% of the input minus RSS at the end: near zero when flat. */
  growth: number;
  samples: MemorySample[];
}

export type TaskResult =
  | {
      status: 'ok';
      /** Wall time of each timed repetition, nanoseconds. */
      timesNs: number[];
      /** Uncompressed bytes processed per repetition. */
      bytesPerRep: number;
      /** Messages (or descriptors) per repetition. */
      unitsPerRep: number;
      /** Messages each repetition actually did, when a budget cut repetitions short. */
      unitsByRep?: number[];
      outputBytes: number;
      servedBy?: string;
      memory?: MemoryFigures;
      reopen?: ReopenSample[];
      note?: string;
    }
  | { status: 'skipped'; reason: string }
  | { status: 'failed'; error: string };
