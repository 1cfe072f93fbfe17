// SPDX-License-Identifier: Apache-2.0
// The smoke run end to end, as CI runs it: builds the harness, runs `run.js --smoke` into a
// temporary directory and checks the results have every contender with sane figures. No timing
// thresholds: a slow machine passes, a broken harness does not.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'tsup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  findContender,
  MATRIX_CONTENDERS,
  MEMORY_CONTENDER_IDS,
  MESSAGE_CONTENDERS,
} from '../src/contenders/registry';
import type { ResultsDocument } from '../src/results';
import { SMOKE } from '../src/settings';

const packageDir = join(__dirname, '..');
const outDir = mkdtempSync(join(tmpdir(), 'uacce-bench-test-'));
let document: ResultsDocument;

function isSane(value: number | undefined): boolean {
  return value !== undefined && Number.isFinite(value) && value > 0;
}

beforeAll(async () => {
  // The runner spawns dist/child.js, so the test builds the harness it is about to run.
  await build({ config: join(packageDir, 'tsup.config.ts'), silent: true });
  await promisify(execFile)(
    process.execPath,
    [join(packageDir, 'dist', 'run.js'), '--smoke', '--out', outDir],
    {
      cwd: packageDir,
      timeout: 170_000,
    },
  );
  document = JSON.parse(readFileSync(join(outDir, 'latest.json'), 'utf8'));
}, 180_000);

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('smoke run', () => {
  it('records the machine and the smoke settings', () => {
    expect(document.settings.mode).toBe('smoke');
    expect(document.machine.cores).toBeGreaterThan(0);
    expect(document.machine.node).toBe(process.versions.node);
  });

  it('records every corpus entry with its size and SHA-256', () => {
    expect(document.corpus.map((c) => c.name)).toEqual(
      expect.arrayContaining([
        'typescript.js',
        'logs.ndjson',
        'node-binary',
        'http-1k.json',
        'http-64k.json',
      ]),
    );
    for (const entry of document.corpus) {
      expect(entry.bytes).toBeGreaterThan(0);
      expect(entry.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('has a row for every contender in every throughput case', () => {
    const cases = SMOKE.levels.length * 2 * SMOKE.corpora!.length;
    for (const contender of MATRIX_CONTENDERS) {
      expect(document.throughput.filter((r) => r.contender === contender.id)).toHaveLength(cases);
    }
  });

  it('measures every software contender outside @uacce with sane figures', () => {
    const rows = document.throughput.filter((r) => r.contender.match(/^(zlib|web|pako|fflate)/));
    for (const row of rows) {
      if (row.contender === 'web-stream' && row.level !== 6) {
        expect(row.status).toBe('skipped');
        continue;
      }
      expect(row.status, `${row.contender} ${row.operation} L${row.level} ${row.corpus}`).toBe('ok');
      expect(isSane(row.mbps?.median) && isSane(row.ratio?.median)).toBe(true);
      expect(row.mbps!.min).toBeLessThanOrEqual(row.mbps!.max);
    }
  });

  it('takes ratios against node:zlib gzipSync, which is 1 against itself', () => {
    for (const row of document.throughput.filter((r) => r.contender === 'zlib-sync')) {
      expect(row.ratio?.median).toBe(1);
    }
  });

  it('reports a @uacce contender either with figures or with the reason it could not run', () => {
    for (const row of document.throughput.filter((r) => r.contender.startsWith('uacce-'))) {
      const name = `${row.contender} ${row.operation} L${row.level} ${row.corpus}`;
      if (row.status !== 'ok') {
        expect(row.reason, name).toMatch(/\S/);
        continue;
      }
      expect(isSane(row.ratio?.median), name).toBe(true);
      const counterpart = document.throughput.find(
        (r) =>
          r.contender === findContender(row.contender).counterpart &&
          r.operation === row.operation &&
          r.level === row.level &&
          r.corpus === row.corpus,
      );
      if (counterpart?.status === 'ok') expect(isSane(row.counterpartRatio?.median), name).toBe(true);
    }
  });

  it('measures @uacce/stream in software and every issue-7 target: no device is needed, so a skip is a broken package', () => {
    for (const row of document.throughput.filter((r) => r.contender.startsWith('uacce-software-'))) {
      expect(row.status, `${row.contender} ${row.operation} L${row.level} ${row.corpus}: ${row.reason}`).toBe(
        'ok',
      );
    }
    for (const target of document.targets.filter((t) => t.source.startsWith('issue 7'))) {
      expect(target.measured, target.name).toBeDefined();
    }
  });

  it('runs the small-message regime, memory and the queue engine for every contender', () => {
    expect(document.messages).toHaveLength(MESSAGE_CONTENDERS.length * SMOKE.messages.sizes.length);
    for (const row of document.messages.filter((r) => r.contender.startsWith('zlib'))) {
      expect(isSane(row.microseconds?.median)).toBe(true);
    }
    expect(document.memory.map((r) => r.contender)).toEqual([...MEMORY_CONTENDER_IDS]);
    const zlib = document.memory.find((r) => r.contender === 'zlib-stream-64k')!;
    expect(isSane(zlib.peakRss) && zlib.peakRss! >= zlib.baselineRss!).toBe(true);
    expect(document.queue.map((q) => q.mode)).toEqual(['batch', 'sync']);
    for (const q of document.queue) {
      if (q.status === 'ok') expect(isSane(q.nanosecondsPerDescriptor)).toBe(true);
      else expect(q.reason).toMatch(/\S/);
    }
  });

  it('measures a queue reopened after idle on the emulator: one open, three ioctls, two mmaps each time', () => {
    const emulator = document.reopen?.find((r) => r.contender === 'qm-emulator');
    expect(emulator?.status, emulator?.reason).toBe('ok');
    expect(emulator?.cycles).toBe(SMOKE.reopen?.cycles);
    expect(emulator?.operations).toEqual({ open: 1, ioctl: 3, mmap: 2 });
    for (const summary of [
      emulator?.coldMicroseconds,
      emulator?.warmMicroseconds,
      emulator?.setupMicroseconds,
    ])
      expect(isSane(summary?.median)).toBe(true);
    const hardware = document.reopen?.find((r) => r.contender === 'qm-hardware');
    if (hardware?.status !== 'ok') expect(hardware?.reason).toMatch(/\S/);
    expect(readFileSync(join(outDir, 'latest.md'), 'utf8')).toContain('## Queue reopened after idle');
  });

  it('writes the markdown table and the SVG charts', () => {
    const markdown = readFileSync(join(outDir, 'latest.md'), 'utf8');
    for (const contender of MATRIX_CONTENDERS) expect(markdown).toContain(contender.label);
    for (const target of document.targets) expect(markdown).toContain(target.name);
    for (const chart of ['compress.svg', 'decompress.svg', 'messages.svg', 'memory.svg']) {
      const svg = readFileSync(join(outDir, chart), 'utf8');
      expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
      expect(svg.trim().endsWith('</svg>')).toBe(true);
      expect(svg).not.toContain('NaN');
    }
  });
});
