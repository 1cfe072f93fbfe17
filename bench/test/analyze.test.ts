// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { throughputRows } from '../src/analyze';
import type { ThroughputCase } from '../src/plan';
import type { TaskResult, ThroughputTask } from '../src/tasks';

const MB = 1_000_000;

function task(contender: string): ThroughputTask {
  return {
    kind: 'throughput',
    contender,
    operation: 'compress',
    level: 6,
    inputPath: '/dev/null',
    originalSha256: '',
    originalBytes: MB,
    iterations: 1,
    reps: 2,
    warmup: 0,
    budgetMs: 1000,
  };
}

const testCase: ThroughputCase = {
  operation: 'compress',
  level: 6,
  corpus: { name: 'x', kind: 'json', source: 'test', path: '/dev/null', bytes: MB, sha256: '' },
  tasks: [task('zlib-sync'), task('zlib-stream-64k'), task('uacce-software-stream-64k')],
};

/** A child that processed 1 MB per repetition at each of `speeds` MB/s. */
function ok(...speeds: number[]): TaskResult {
  return {
    status: 'ok',
    timesNs: speeds.map((s) => (MB / (s * MB)) * 1e9),
    bytesPerRep: MB,
    unitsPerRep: 1,
    outputBytes: MB / 4,
  };
}

describe('throughputRows over rounds', () => {
  it('pairs each round with its own baseline, so a slow round does not skew the ratio', () => {
    // Round 2 ran on a machine half as fast for everybody: per round, ours is 0.9x node:zlib's stream.
    const rounds = [
      [ok(200, 200), ok(100, 100), ok(90, 90)],
      [ok(100, 100), ok(50, 50), ok(45, 45)],
      [ok(200, 200), ok(100, 100), ok(90, 90)],
    ];
    const ours = throughputRows(testCase, rounds)[2]!;
    expect(ours.counterpartRatio?.median).toBeCloseTo(0.9, 10);
    expect(ours.counterpartRatio?.min).toBeCloseTo(0.9, 10);
    expect(ours.ratio?.median).toBeCloseTo(0.45, 10);
    expect(ours.mbps?.n).toBe(6);
    expect(ours.sizeRatio).toBe(0.25);
  });

  it('takes the median round: one unlucky child is outvoted', () => {
    const rounds = [
      [ok(200), ok(100), ok(100)],
      [ok(200), ok(100), ok(55)],
      [ok(200), ok(100), ok(98)],
    ];
    const ratio = throughputRows(testCase, rounds)[2]!.counterpartRatio!;
    expect(ratio.median).toBeCloseTo(0.98, 10);
    expect(ratio.min).toBeCloseTo(0.55, 10);
    expect(ratio.max).toBeCloseTo(1, 10);
  });

  it('with one round, reports the extreme repetitions against the baseline median', () => {
    const ratio = throughputRows(testCase, [[ok(200), ok(100, 100), ok(80, 120)]])[2]!.counterpartRatio!;
    expect(ratio.median).toBeCloseTo(1, 10);
    expect(ratio.min).toBeCloseTo(0.8, 10);
    expect(ratio.max).toBeCloseTo(1.2, 10);
  });

  it('a failure in any round is the outcome, so a wrong output is never averaged away', () => {
    const failed: TaskResult = { status: 'failed', error: 'output differs from the input' };
    const rounds = [
      [ok(200), ok(100), ok(100)],
      [ok(200), ok(100), failed],
    ];
    const row = throughputRows(testCase, rounds)[2]!;
    expect(row.status).toBe('failed');
    expect(row.ratio).toBeUndefined();
  });
});
