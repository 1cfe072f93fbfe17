// SPDX-License-Identifier: Apache-2.0
// From raw child results to the rows of the results document: MB/s, ratios to node:zlib and to
// each contender's counterpart, per-message latency, memory and queue figures.
import { BASELINE_ID, findContender } from './contenders/registry';
import type { Level, Operation } from './contenders/types';
import type { ThroughputCase } from './plan';
import type {
  MemoryRow,
  MessagesRow,
  Outcome,
  QueueRow,
  Ratio,
  ReopenRow,
  SummaryRow,
  ThroughputRow,
} from './results';
import { geometricMean, type Summary, summarize } from './stats';
import type { MemoryTask, MessagesTask, QueueTask, ReopenTask, TaskResult } from './tasks';

type Ok = Extract<TaskResult, { status: 'ok' }>;

function outcome(result: TaskResult): Outcome {
  if (result.status === 'ok')
    return { status: 'ok', ...(result.servedBy ? { servedBy: result.servedBy } : {}) };
  return { status: result.status, reason: result.status === 'skipped' ? result.reason : result.error };
}

function mbps(result: Ok): Summary {
  return summarize(result.timesNs.map((ns) => (result.bytesPerRep / ns) * 1000));
}

function ratioTo(contender: Summary, baseline: Summary | undefined): Ratio | undefined {
  if (!baseline) return undefined;
  return {
    median: contender.median / baseline.median,
    min: contender.min / baseline.median,
    max: contender.max / baseline.median,
  };
}

/** The outcome of a contender over every round: a failure anywhere is the outcome, then any success. */
function combine(results: TaskResult[]): TaskResult {
  return results.find((r) => r.status === 'failed') ?? results.find((r) => r.status === 'ok') ?? results[0]!;
}

/**
 * Per-round ratios of `contender` to `baseline` (the two children of a round ran seconds apart),
 * summarized: median, and the extreme rounds as min and max. With a single paired round, the
 * contender's extreme repetitions against the baseline's median instead.
 */
function pairedRatio(contender: TaskResult[], baseline: TaskResult[] | undefined): Ratio | undefined {
  if (!baseline) return undefined;
  const pairs: [Summary, Summary][] = [];
  contender.forEach((result, round) => {
    const base = baseline[round];
    if (result.status === 'ok' && base?.status === 'ok') pairs.push([mbps(result), mbps(base)]);
  });
  if (pairs.length <= 1) return pairs[0] && ratioTo(...pairs[0]);
  const { median, min, max } = summarize(pairs.map(([ours, base]) => ours.median / base.median));
  return { median, min, max };
}

/**
 * Rows of one throughput case; `rounds[r][i]` is task i's result in round r. Ratios are taken
 * within the case only, round by round.
 */
export function throughputRows(testCase: ThroughputCase, rounds: TaskResult[][]): ThroughputRow[] {
  const byTask = testCase.tasks.map((_, index) => rounds.map((round) => round[index]!));
  const byContender = new Map(testCase.tasks.map((task, index) => [task.contender, byTask[index]!]));
  return testCase.tasks.map((task, index) => {
    const results = byTask[index]!;
    const result = combine(results);
    const row: ThroughputRow = {
      operation: testCase.operation,
      level: testCase.level,
      corpus: testCase.corpus.name,
      contender: task.contender,
      ...outcome(result),
    };
    if (result.status !== 'ok') return row;
    const ok = results.filter((r): r is Ok => r.status === 'ok');
    const counterpart = findContender(task.contender).counterpart;
    row.mbps = summarize(ok.flatMap((r) => r.timesNs.map((ns) => (r.bytesPerRep / ns) * 1000)));
    row.ratio = pairedRatio(results, byContender.get(BASELINE_ID));
    if (counterpart) row.counterpartRatio = pairedRatio(results, byContender.get(counterpart));
    if (testCase.operation === 'compress') row.sizeRatio = result.outputBytes / testCase.corpus.bytes;
    return row;
  });
}

/** Geometric mean of ratios per (contender, operation, level) over the corpus. */
export function summaryRows(rows: ThroughputRow[], contenders: string[], levels: Level[]): SummaryRow[] {
  const out: SummaryRow[] = [];
  for (const contender of contenders) {
    for (const operation of ['compress', 'decompress'] as Operation[]) {
      for (const level of levels) {
        const ratios = rows
          .filter(
            (r) => r.contender === contender && r.operation === operation && r.level === level && r.ratio,
          )
          .map((r) => r.ratio!.median);
        const ratio = geometricMean(ratios);
        out.push({
          contender,
          operation,
          level,
          cases: ratios.length,
          ...(ratio === undefined ? {} : { ratio }),
        });
      }
    }
  }
  return out;
}

export function messagesRows(tasks: MessagesTask[], results: TaskResult[]): MessagesRow[] {
  const perMessage = (result: Ok) =>
    summarize(result.timesNs.map((ns, i) => ns / (result.unitsByRep?.[i] ?? result.unitsPerRep) / 1000));
  const baseline = new Map<number, number>();
  tasks.forEach((task, i) => {
    const result = results[i]!;
    if (task.contender === BASELINE_ID && result.status === 'ok')
      baseline.set(task.messageSize, perMessage(result).median);
  });
  return tasks.map((task, i) => {
    const result = results[i]!;
    const row: MessagesRow = {
      messageSize: task.messageSize,
      count: task.count,
      contender: task.contender,
      ...outcome(result),
    };
    if (result.status !== 'ok') return row;
    row.microseconds = perMessage(result);
    row.completed = Math.min(...(result.unitsByRep ?? [result.unitsPerRep]));
    const base = baseline.get(task.messageSize);
    if (base !== undefined) row.ratio = base / row.microseconds.median;
    return row;
  });
}

function downsample<T>(items: T[], limit: number): T[] {
  if (items.length <= limit) return items;
  const step = items.length / limit;
  return Array.from({ length: limit }, (_, i) => items[Math.floor(i * step)]!).concat(items.at(-1)!);
}

export function memoryRows(tasks: MemoryTask[], results: TaskResult[]): MemoryRow[] {
  return tasks.map((task, i) => {
    const result = results[i]!;
    const row: MemoryRow = { contender: task.contender, totalBytes: task.totalBytes, ...outcome(result) };
    if (result.status !== 'ok' || !result.memory) return row;
    row.streamedBytes = result.bytesPerRep;
    const { baselineRss, peakRss, growth, samples } = result.memory;
    return {
      ...row,
      baselineRss,
      peakRss,
      growth,
      mbps: (result.bytesPerRep / result.timesNs[0]!) * 1000,
      samples: downsample(samples, 200),
    };
  });
}

export function queueRow(task: QueueTask, result: TaskResult): QueueRow {
  const row: QueueRow = {
    mode: task.mode,
    descriptors: task.descriptors,
    batch: task.batch,
    ...outcome(result),
  };
  if (result.status !== 'ok') return row;
  const rates = summarize(result.timesNs.map((ns) => (result.unitsPerRep / ns) * 1e9));
  return { ...row, descriptorsPerSecond: rates, nanosecondsPerDescriptor: 1e9 / rates.median };
}

export function reopenRow(task: ReopenTask, result: TaskResult): ReopenRow {
  const row: ReopenRow = {
    contender: task.contender,
    idleTimeoutMs: task.idleTimeoutMs,
    cycles: 0,
    ...outcome(result),
  };
  const samples = result.status === 'ok' ? (result.reopen ?? []) : [];
  if (samples.length === 0) return row;
  const first = samples[0]!;
  const operations = { open: first.opens, ioctl: first.ioctls, mmap: first.mmaps };
  if (samples.some((s) => s.opens !== first.opens || s.ioctls !== first.ioctls || s.mmaps !== first.mmaps))
    return { ...row, status: 'failed', reason: 'the system calls per reopen differ between cycles' };
  const micro = (values: number[]) => summarize(values.map((ns) => ns / 1000));
  return {
    ...row,
    cycles: samples.length,
    coldMicroseconds: micro(samples.map((s) => s.coldNs)),
    warmMicroseconds: micro(samples.map((s) => s.warmNs)),
    setupMicroseconds: micro(samples.map((s) => s.setupNs)),
    operations,
  };
}
