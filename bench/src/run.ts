// SPDX-License-Identifier: Apache-2.0
// `pnpm bench [--smoke] [--out <dir>]`: runs the benchmark and writes results/latest.{json,md}
// and the SVG charts. BENCH_SMOKE=1 is the same as --smoke (the setting CI runs).
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runBenchmark } from './benchmark';
import { FULL, SMOKE } from './settings';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { smoke: { type: 'boolean', default: false }, out: { type: 'string' } },
    allowPositionals: true,
  });
  const here = dirname(fileURLToPath(import.meta.url));
  const smoke = values.smoke || process.env.BENCH_SMOKE === '1';
  const outDir = resolve(values.out ?? join(here, '..', 'results', smoke ? 'smoke' : '.'));
  const document = await runBenchmark({
    settings: smoke ? SMOKE : FULL,
    outDir,
    childPath: join(here, 'child.js'),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  const verdicts = document.targets.map(
    (t) => `${t.pass === undefined ? '-' : t.pass ? 'pass' : 'MISS'} ${t.name}`,
  );
  process.stdout.write(
    `${verdicts.join('\n')}\nwrote ${join(outDir, 'latest.md')} (${document.durationSeconds.toFixed(0)} s)\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
