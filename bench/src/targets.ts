// SPDX-License-Identifier: Apache-2.0
// The yardsticks of the @uacce/stream issue and docs/design.md, checked against this run's figures.
// A target whose contender was skipped is "not measured" (pass undefined), never a pass.
import type { Operation } from './contenders/types';
import type { MemoryRow, QueueRow, TargetRow, ThroughputRow } from './results';
import { geometricMean } from './stats';

const MiB = 1024 * 1024;

interface Filter {
  contender: string;
  operations: Operation[];
  levels?: number[];
}

function select(rows: ThroughputRow[], filter: Filter): ThroughputRow[] {
  return rows.filter(
    (r) =>
      r.contender === filter.contender &&
      filter.operations.includes(r.operation) &&
      (!filter.levels || filter.levels.includes(r.level)),
  );
}

function counterpartTarget(
  rows: ThroughputRow[],
  name: string,
  filter: Filter,
  threshold: number,
): TargetRow {
  const ratios = select(rows, filter)
    .filter((r) => r.counterpartRatio)
    .map((r) => r.counterpartRatio!.median);
  const measured = geometricMean(ratios);
  const base = { name, source: 'issue 7 (performance)', threshold: `≥ ${threshold.toFixed(2)}×` };
  if (measured === undefined) return { ...base, detail: `${filter.contender}: not measured on this machine` };
  const worst = Math.min(...ratios);
  return {
    ...base,
    measured,
    detail: `geometric mean over ${ratios.length} cases (${filter.operations.join(' + ')}), worst case ${worst.toFixed(2)}×`,
    pass: measured >= threshold,
  };
}

function pakoTarget(rows: ThroughputRow[]): TargetRow {
  const ours = select(rows, { contender: 'uacce-software-stream-64k', operations: ['compress'] });
  const ratios = ours.flatMap((row) => {
    const pako = rows.find(
      (r) =>
        r.contender === 'pako' &&
        r.operation === row.operation &&
        r.level === row.level &&
        r.corpus === row.corpus,
    );
    return row.mbps && pako?.mbps ? [row.mbps.median / pako.mbps.median] : [];
  });
  const measured = geometricMean(ratios);
  const base = {
    name: 'Software Transform far ahead of pako',
    source: 'docs/design.md yardsticks',
    threshold: '≥ 1.50×',
  };
  if (measured === undefined) return { ...base, detail: 'not measured on this machine' };
  return {
    ...base,
    measured,
    detail: `compression, geometric mean over ${ratios.length} cases`,
    pass: measured >= 1.5,
  };
}

function memoryTarget(rows: MemoryRow[]): TargetRow {
  const ours = rows.find((r) => r.contender === 'uacce-software-stream-64k');
  const zlib = rows.find((r) => r.contender === 'zlib-stream-64k');
  const gib = ((ours?.streamedBytes ?? ours?.totalBytes ?? 0) / 1024 ** 3).toFixed(2);
  const base = {
    name: `Memory flat while streaming ${gib} GiB`,
    source: 'issue 7 (performance)',
    threshold: 'growth ≤ 32 MiB',
  };
  if (ours?.growth === undefined) return { ...base, detail: 'not measured on this machine' };
  const peak = (ours.peakRss! / MiB).toFixed(0);
  const zlibPeak = zlib?.peakRss === undefined ? 'n/a' : `${(zlib.peakRss / MiB).toFixed(0)} MiB`;
  return {
    ...base,
    measured: ours.growth / MiB,
    detail: `RSS growth after the first 10% (MiB); peak ${peak} MiB vs node:zlib ${zlibPeak}`,
    pass: ours.growth <= 32 * MiB,
  };
}

function queueTarget(rows: QueueRow[]): TargetRow {
  const queue = rows.find((row) => row.mode === 'batch')!;
  const base = {
    name: 'Queue engine cost per descriptor',
    source: 'docs/design.md yardsticks',
    threshold: '< 1000 ns',
  };
  if (queue.nanosecondsPerDescriptor === undefined)
    return { ...base, detail: queue.reason ?? 'not measured' };
  return {
    ...base,
    measured: queue.nanosecondsPerDescriptor,
    detail: `ns per descriptor, batches of ${queue.batch}, device completing at once`,
    pass: queue.nanosecondsPerDescriptor < 1000,
  };
}

function emulatorTarget(rows: ThroughputRow[]): TargetRow {
  const emulated = rows.filter((r) => r.contender.startsWith('uacce-emulator-'));
  const ok = emulated.filter((r) => r.status === 'ok').length;
  const failed = emulated.filter((r) => r.status === 'failed').length;
  const base = {
    name: 'Hardware path through the emulator is correct',
    source: 'docs/design.md yardsticks',
    threshold: '0 failures',
  };
  if (ok + failed === 0)
    return { ...base, detail: 'not measured on this machine (emulator contenders skipped)' };
  return {
    ...base,
    measured: failed,
    detail: `${ok} cases verified byte for byte, ${failed} failed`,
    pass: failed === 0,
  };
}

/** Every target, in the order the README lists them. */
export function evaluateTargets(
  throughput: ThroughputRow[],
  memory: MemoryRow[],
  queue: QueueRow[],
): TargetRow[] {
  const both: Operation[] = ['compress', 'decompress'];
  return [
    counterpartTarget(
      throughput,
      'Software Transform vs zlib.createGzip, 64 KiB chunks',
      { contender: 'uacce-software-stream-64k', operations: ['compress'] },
      0.95,
    ),
    counterpartTarget(
      throughput,
      'Software Transform vs zlib.createGzip, 16 KiB chunks',
      { contender: 'uacce-software-stream-16k', operations: ['compress'] },
      0.95,
    ),
    counterpartTarget(
      throughput,
      'WHATWG streams vs Node CompressionStream',
      { contender: 'uacce-software-web', operations: both, levels: [6] },
      1.0,
    ),
    counterpartTarget(
      throughput,
      'One-shot sync vs node:zlib *Sync',
      { contender: 'uacce-software-sync', operations: both },
      0.95,
    ),
    counterpartTarget(
      throughput,
      'One-shot async vs node:zlib callbacks',
      { contender: 'uacce-software-async', operations: both },
      0.95,
    ),
    memoryTarget(memory),
    pakoTarget(throughput),
    queueTarget(queue),
    emulatorTarget(throughput),
  ];
}
