// SPDX-License-Identifier: Apache-2.0
// `pnpm bench [--smoke] [--out <dir>] [--render <latest.json>]`: runs the benchmark and writes results/latest.{json,md}
// and the SVG charts. BENCH_SMOKE=1 is the same as --smoke (the setting CI runs).

import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBenchmark, writeResults } from './benchmark';
import { parseCommandLine } from './command-line';
import type { ResultsDocument } from './results';
import { FULL, SMOKE } from './settings';

async function main(): Promise<void> {
  const values = parseCommandLine(process.argv.slice(2), process.env);
  const here = dirname(fileURLToPath(import.meta.url));
  const smoke = values.smoke;
  const outDir = resolve(values.out ?? join(here, '..', 'results', smoke ? 'smoke' : '.'));
  if (values.render) {
    // Re-renders the markdown and the charts of an existing results file (no measurement).
    const document = JSON.parse(readFileSync(values.render, 'utf8')) as ResultsDocument;
    writeResults(document, values.out ? outDir : dirname(resolve(values.render)));
    return;
  }
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
