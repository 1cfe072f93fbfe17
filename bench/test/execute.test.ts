// SPDX-License-Identifier: Apache-2.0
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Executor } from '../src/execute';
import type { Task, TaskResult } from '../src/tasks';

const dir = mkdtempSync(join(tmpdir(), 'uacce-bench-execute-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A child that appends one line per spawn to `log` and answers with `result`. */
function fakeChild(name: string, result: TaskResult | 'crash'): { path: string; spawns(): number } {
  const path = join(dir, `${name}.mjs`);
  const log = join(dir, `${name}.log`);
  writeFileSync(log, '');
  const body =
    result === 'crash'
      ? 'process.exit(3);'
      : `process.send(${JSON.stringify(result)}, undefined, undefined, () => process.exit(0));`;
  writeFileSync(
    path,
    `import { appendFileSync } from 'node:fs';\nappendFileSync(${JSON.stringify(log)}, 'x\\n');\n${body}\n`,
  );
  return { path, spawns: () => readFileSync(log, 'utf8').split('\n').filter(Boolean).length };
}

function task(level: 1 | 6, contender = 'zlib-sync'): Task {
  return {
    kind: 'throughput',
    contender,
    operation: 'compress',
    level,
    inputPath: '/dev/null',
    originalSha256: '',
    originalBytes: 1,
    iterations: 1,
    reps: 1,
    warmup: 0,
    budgetMs: 1,
  };
}

describe('Executor', () => {
  it('reuses a skip reason a few times, then asks the contender again', async () => {
    const child = fakeChild('skip', { status: 'skipped', reason: 'not built' });
    const executor = new Executor({ childPath: child.path, timeoutMs: 20_000, concurrency: 1 });
    const results = await executor.runAll(Array.from({ length: 12 }, () => task(6)));
    expect(results.every((r) => r.status === 'skipped' && r.reason === 'not built')).toBe(true);
    expect(child.spawns()).toBe(2);
  }, 30_000);

  it('skips a level the contender has no option for without spawning', async () => {
    const child = fakeChild('level', { status: 'skipped', reason: 'unused' });
    const executor = new Executor({ childPath: child.path, timeoutMs: 20_000, concurrency: 2 });
    const [result] = await executor.runAll([task(1, 'web-stream')]);
    expect(result).toMatchObject({ status: 'skipped' });
    expect(child.spawns()).toBe(0);
  });

  it('reports a child that dies without an answer as failed', async () => {
    const child = fakeChild('crash', 'crash');
    const executor = new Executor({ childPath: child.path, timeoutMs: 20_000, concurrency: 1 });
    const [result] = await executor.runAll([task(6)]);
    expect(result).toMatchObject({ status: 'failed' });
  });
});
