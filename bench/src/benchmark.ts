// SPDX-License-Identifier: Apache-2.0
// One whole benchmark run: corpus, every scenario in child processes, analysis, targets, and the
// JSON, markdown and SVG files in the output directory.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryRows, messagesRows, queueRow, reopenRow, summaryRows, throughputRows } from './analyze';
import { findContender, MATRIX_CONTENDERS, MESSAGE_CONTENDERS } from './contenders/registry';
import { EMULATOR_SKIP_VARIABLE, type SharedEmulator, startSharedEmulator } from './contenders/uacce-module';
import { buildCorpus } from './corpus';
import { Executor } from './execute';
import { describeMachine } from './machine';
import { planMemory, planMessages, planQueue, planReopen, planThroughput } from './plan';
import { renderCharts } from './report/charts';
import { renderMarkdown } from './report/markdown';
import type { ResultsDocument, ThroughputRow } from './results';
import type { Settings } from './settings';
import { evaluateTargets } from './targets';
import type { Task, TaskResult } from './tasks';

export interface BenchmarkOptions {
  settings: Settings;
  outDir: string;
  childPath: string;
  log?(line: string): void;
}

/** Gives the emulated contenders' tasks the shared emulator's environment (or the reason it is missing). */
function emulated<T extends Task>(tasks: T[], emulator: SharedEmulator): T[] {
  const env = 'env' in emulator ? emulator.env : { [EMULATOR_SKIP_VARIABLE]: emulator.skip };
  return tasks.map((task) =>
    task.kind !== 'queue' && task.kind !== 'reopen' && findContender(task.contender).engine === 'emulator'
      ? { ...task, env }
      : task,
  );
}

function describeTask(task: Task): string {
  if (task.kind === 'throughput')
    return `${task.operation} L${task.level} ${task.inputPath.split('/').at(-1)} ${task.contender}`;
  if (task.kind === 'messages') return `messages ${task.messageSize} B ${task.contender}`;
  return `${task.kind} ${task.contender}`;
}

function describeResult(result: TaskResult): string {
  if (result.status !== 'ok')
    return `${result.status}: ${result.status === 'skipped' ? result.reason : result.error}`;
  if (result.reopen) {
    const cold = [...result.timesNs].sort((a, b) => a - b)[Math.floor(result.timesNs.length / 2)]!;
    return `${(cold / 1000).toFixed(0)} µs to the first descriptor after idle`;
  }
  const ns = [...result.timesNs].sort((a, b) => a - b)[Math.floor(result.timesNs.length / 2)]!;
  return `${((result.bytesPerRep / ns) * 1000).toFixed(1)} MB/s`;
}

/**
 * Runs a case's tasks once, starting `round` steps further along the list each round (so no
 * contender always runs first, or right after the same neighbour); results come back in task order.
 */
async function runRotated(executor: Executor, tasks: Task[], round: number): Promise<TaskResult[]> {
  const shift = (round * Math.max(1, Math.floor(tasks.length / 3))) % tasks.length;
  const order = tasks.map((_, i) => (i + shift) % tasks.length);
  const results = await executor.runAll(order.map((i) => tasks[i]!));
  const inTaskOrder: TaskResult[] = new Array(tasks.length);
  order.forEach((taskIndex, position) => {
    inTaskOrder[taskIndex] = results[position]!;
  });
  return inTaskOrder;
}

/** Runs the benchmark and writes latest.json, latest.md and the charts; returns the document. */
export async function runBenchmark(options: BenchmarkOptions): Promise<ResultsDocument> {
  const { settings } = options;
  const log = options.log ?? (() => {});
  const started = Date.now();
  const workDir = mkdtempSync(join(tmpdir(), 'uacce-bench-'));
  const emulator = await startSharedEmulator();
  log('env' in emulator ? 'emulator: started' : `emulator: ${emulator.skip}`);
  try {
    const corpus = buildCorpus(join(workDir, 'corpus'), settings.mode === 'smoke');
    log(`corpus: ${corpus.map((c) => `${c.name} ${c.bytes} B`).join(', ')}`);
    const executor = new Executor({
      childPath: options.childPath,
      timeoutMs: settings.childTimeoutMs,
      concurrency: settings.concurrency,
      onResult: (task, result, ms) =>
        log(`${describeTask(task)}: ${describeResult(result)} [${(ms / 1000).toFixed(1)} s]`),
    });
    const throughput: ThroughputRow[] = [];
    for (const testCase of planThroughput(settings, corpus, workDir)) {
      const tasks = emulated(testCase.tasks, emulator);
      const rounds: TaskResult[][] = [];
      for (let round = 0; round < settings.rounds; round++)
        rounds.push(await runRotated(executor, tasks, round));
      throughput.push(...throughputRows(testCase, rounds));
    }
    const messageCorpus = corpus.find((c) => c.kind === 'json')!.path;
    const messageTasks = planMessages(settings, messageCorpus);
    const messages = messagesRows(messageTasks, await executor.runAll(emulated(messageTasks, emulator)));
    const memoryCorpus = corpus.find((c) => c.kind === 'ndjson')!.path;
    const memoryTasks = planMemory(settings, memoryCorpus);
    // Memory children run alone: a neighbour would not change RSS, but it would slow the stream.
    const memoryExecutor = new Executor({
      childPath: options.childPath,
      timeoutMs: settings.childTimeoutMs,
      concurrency: 1,
    });
    const memory = memoryRows(memoryTasks, await memoryExecutor.runAll(emulated(memoryTasks, emulator)));
    const queueTasks = planQueue(settings);
    const queueResults = await executor.runAll(queueTasks);
    const queue = queueTasks.map((task, i) => queueRow(task, queueResults[i]!));
    const emulatorEnv = 'env' in emulator ? emulator.env : { [EMULATOR_SKIP_VARIABLE]: emulator.skip };
    const reopenTasks = planReopen(settings, emulatorEnv);
    const reopenResults = await executor.runAll(reopenTasks);
    const reopen = reopenTasks.map((task, i) => reopenRow(task, reopenResults[i]!));
    const contenderIds = MATRIX_CONTENDERS.map((c) => c.id);
    const document: ResultsDocument = {
      schema: 1,
      date: new Date().toISOString(),
      durationSeconds: (Date.now() - started) / 1000,
      machine: describeMachine(),
      settings,
      corpus: corpus.map(({ path: _path, ...entry }) => entry),
      contenders: MESSAGE_CONTENDERS.map(({ open: _open, close: _close, ...info }) => info),
      throughput,
      summary: summaryRows(throughput, contenderIds, settings.levels),
      messages,
      memory,
      queue,
      reopen,
      targets: evaluateTargets(throughput, memory, queue),
    };
    writeResults(document, options.outDir);
    return document;
  } finally {
    if ('stop' in emulator) await emulator.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

/** Writes latest.json, latest.md and the SVG charts into `outDir`. */
export function writeResults(document: ResultsDocument, outDir: string): void {
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'latest.json'), `${JSON.stringify(document, null, 2)}\n`);
  writeFileSync(join(outDir, 'latest.md'), renderMarkdown(document));
  for (const [name, svg] of Object.entries(renderCharts(document))) writeFileSync(join(outDir, name), svg);
}
