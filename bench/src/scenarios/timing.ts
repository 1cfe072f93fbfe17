// SPDX-License-Identifier: Apache-2.0
// Timed repetitions inside a child: warm-up runs first (JIT, allocator, thread pool), then up to
// `reps` timed runs, stopping early when the wall-clock budget is spent (at least one is kept).

export interface RepeatOptions {
  reps: number;
  warmup: number;
  budgetMs: number;
}

/** Runs `body` warm-up plus timed times and returns the timed durations in nanoseconds. */
export async function repeat(options: RepeatOptions, body: () => Promise<void> | void): Promise<number[]> {
  const started = performance.now();
  for (let i = 0; i < options.warmup; i++) await body();
  const times: number[] = [];
  for (let i = 0; i < options.reps; i++) {
    const t0 = process.hrtime.bigint();
    await body();
    times.push(Number(process.hrtime.bigint() - t0));
    if (performance.now() - started > options.budgetMs) break;
  }
  return times;
}
