// SPDX-License-Identifier: Apache-2.0
// The committed results and the READMEs that quote them: the markdown and the charts are what
// results/latest.json renders to, bench/README.md quotes that run's line and targets table, and
// @uacce/stream's README quotes a run of the same date. A new full run committed without the
// READMEs (or a renderer change without `node dist/run.js --render results/latest.json`) fails here.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderCharts } from '../src/report/charts';
import { renderMarkdown, renderRunLine, renderTargetsTable } from '../src/report/markdown';
import type { ResultsDocument } from '../src/results';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const document = JSON.parse(read('results/latest.json')) as ResultsDocument;

describe('committed results', () => {
  it('come from a full run', () => {
    expect(document.settings.mode).toBe('full');
  });

  it('latest.md is what latest.json renders to', () => {
    expect(read('results/latest.md')).toBe(renderMarkdown(document));
  });

  it('the charts are what latest.json renders to', () => {
    for (const [name, svg] of Object.entries(renderCharts(document)))
      expect(read(join('results', name)), name).toBe(svg);
  });
});

describe('READMEs quote the committed run', () => {
  const readme = read('README.md');

  it("bench/README.md has the run's date, machine and load line", () => {
    expect(readme).toContain(renderRunLine(document));
  });

  it("bench/README.md has the run's targets table, verdicts included", () => {
    expect(readme).toContain(renderTargetsTable(document));
  });

  it('bench/README.md shows every chart', () => {
    for (const name of Object.keys(renderCharts(document))) expect(readme).toContain(`(results/${name})`);
  });

  it("@uacce/stream's README quotes a run of the same date", () => {
    const stream = read('../packages/stream/README.md');
    const performance = stream.slice(stream.indexOf('## Performance'));
    expect(performance).toContain(document.date.slice(0, 10));
    expect(performance).toContain('bench/results/latest.md');
  });
});
