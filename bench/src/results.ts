// SPDX-License-Identifier: Apache-2.0
// The results document written to results/latest.json; the markdown table and the charts are
// rendered from it alone, so a committed JSON can always be re-rendered.
import type { ContenderInfo, Level, Operation } from './contenders/types';
import type { CorpusEntry } from './corpus';
import type { MachineInfo } from './machine';
import type { Settings } from './settings';
import type { Summary } from './stats';
import type { MemorySample } from './tasks';

/** How a measurement ended: with figures, skipped (cannot run here) or failed (a bug). */
export interface Outcome {
  status: 'ok' | 'skipped' | 'failed';
  reason?: string;
  servedBy?: string;
}

/**
 * A ratio of throughputs (higher is faster): the median of the per-round ratios, min and max the
 * extreme rounds (with one round: the contender's extreme repetitions against the baseline's median).
 */
export interface Ratio {
  median: number;
  min: number;
  max: number;
}

export interface ThroughputRow extends Outcome {
  operation: Operation;
  level: Level;
  corpus: string;
  contender: string;
  /** MB/s (10^6 bytes of uncompressed data per second). */
  mbps?: Summary;
  /** Against node:zlib gzipSync/gunzipSync on the same case. */
  ratio?: Ratio;
  /** Against the contender's counterpart (the same shape in node:zlib or Node's web streams). */
  counterpartRatio?: Ratio;
  /** Compressed size / original size (compression only). */
  sizeRatio?: number;
}

export interface MessagesRow extends Outcome {
  messageSize: number;
  count: number;
  contender: string;
  /** Messages in the shortest repetition (below `count` when the time budget cut it short). */
  completed?: number;
  /** Microseconds per message. */
  microseconds?: Summary;
  /** node:zlib gzipSync time per message / this contender's (higher is faster). */
  ratio?: number;
}

export interface MemoryRow extends Outcome {
  contender: string;
  totalBytes: number;
  /** Bytes actually streamed (less than totalBytes when the time budget ran out). */
  streamedBytes?: number;
  baselineRss?: number;
  peakRss?: number;
  growth?: number;
  mbps?: number;
  samples?: MemorySample[];
}

export interface QueueRow extends Outcome {
  mode: 'batch' | 'sync';
  descriptors: number;
  batch: number;
  descriptorsPerSecond?: Summary;
  nanosecondsPerDescriptor?: number;
}

/** A qm pool's queue opened again after idle (see scenarios/reopen.ts); times in microseconds. */
export interface ReopenRow extends Outcome {
  contender: 'qm-emulator' | 'qm-hardware';
  idleTimeoutMs: number;
  /** Reopens measured. */
  cycles: number;
  /** First descriptor after idle: bring-up plus the descriptor. */
  coldMicroseconds?: Summary;
  /** The next descriptor on the reopened queue. */
  warmMicroseconds?: Summary;
  /** Inside the bring-up's system calls alone. */
  setupMicroseconds?: Summary;
  /** System calls per reopen (the same in every cycle, or the row fails). */
  operations?: { open: number; ioctl: number; mmap: number };
}

export interface SummaryRow {
  contender: string;
  operation: Operation;
  level: Level;
  /** Geometric mean over the corpus of `ratio.median`; undefined when nothing ran. */
  ratio?: number;
  cases: number;
}

export interface TargetRow {
  name: string;
  source: string;
  threshold: string;
  measured?: number;
  detail: string;
  /** undefined when it could not be measured on this machine (contender skipped). */
  pass?: boolean;
}

export interface ResultsDocument {
  schema: 1;
  date: string;
  durationSeconds: number;
  machine: MachineInfo;
  settings: Settings;
  corpus: Omit<CorpusEntry, 'path'>[];
  contenders: ContenderInfo[];
  throughput: ThroughputRow[];
  summary: SummaryRow[];
  messages: MessagesRow[];
  memory: MemoryRow[];
  queue: QueueRow[];
  /** Absent from documents written before the scenario existed. */
  reopen?: ReopenRow[];
  targets: TargetRow[];
}
