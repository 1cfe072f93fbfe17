// SPDX-License-Identifier: Apache-2.0
// The markdown report of a results document (results/latest.md): targets first, then the
// summary, then every case, so the figure a reader needs is the first one they meet.
import type { Operation } from '../contenders/types';
import type { Outcome, ResultsDocument, TargetRow, ThroughputRow } from '../results';
import type { Summary } from '../stats';
import { crossoverRows } from '../threshold';

const MiB = 1024 * 1024;

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function label(document: ResultsDocument, id: string): string {
  return document.contenders.find((c) => c.id === id)?.label ?? id;
}

function fixed(value: number | undefined, digits = 2): string {
  return value === undefined ? '—' : value.toFixed(digits);
}

function status(outcome: Outcome): string {
  return outcome.status === 'skipped' ? 'skipped' : outcome.status === 'failed' ? '**failed**' : '—';
}

function verdict(target: TargetRow): string {
  return target.pass === undefined ? 'not measured' : target.pass ? 'pass' : '**miss**';
}

/** The line that says when and where a run was made (also quoted by bench/README.md). */
export function renderRunLine(document: ResultsDocument): string {
  const m = document.machine;
  return `${document.date} · ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB · ${m.platform} ${m.kernel} ${m.arch} · Node ${m.node} (zlib ${m.zlib}) · ${document.durationSeconds.toFixed(0)} s · load average ${m.loadAverage.join(' / ')}`;
}

function header(document: ResultsDocument): string {
  return [
    `# Benchmark results (${document.settings.mode} run)`,
    '',
    renderRunLine(document),
    '',
    'Ratios are throughput relative to node:zlib in the same run (higher is faster): see bench/README.md.',
  ].join('\n');
}

/** The targets with their verdicts (also quoted by bench/README.md). */
export function renderTargetsTable(document: ResultsDocument): string {
  return table(
    ['target', 'threshold', 'measured', 'verdict', 'detail', 'from'],
    document.targets.map((t) => [t.name, t.threshold, fixed(t.measured), verdict(t), t.detail, t.source]),
  );
}

function targetsSection(document: ResultsDocument): string {
  return ['## Targets', '', renderTargetsTable(document)].join('\n');
}

/** The engines that served a contender's runs (from @uacce/stream's metrics), or why it did not run. */
function servedBy(document: ResultsDocument, id: string): string {
  const rows = document.throughput.filter((r) => r.contender === id);
  const served = [...new Set(rows.flatMap((r) => (r.servedBy ? [r.servedBy] : [])))];
  if (served.length > 0) return served.join('; ');
  const other = rows.find((r) => r.status !== 'ok' && r.reason && !/has no level/.test(r.reason));
  return other ? `${other.status}: ${other.reason}` : '';
}

function summarySection(document: ResultsDocument): string {
  const levels = document.settings.levels;
  const columns = (['compress', 'decompress'] as Operation[]).flatMap((op) =>
    levels.map((level) => ({ op, level })),
  );
  const ratio = (id: string, op: Operation, level: number) =>
    document.summary.find((s) => s.contender === id && s.operation === op && s.level === level)?.ratio;
  const rows = document.contenders
    .filter((c) => document.summary.some((s) => s.contender === c.id))
    .map((c) => [
      c.label,
      ...columns.map(({ op, level }) => fixed(ratio(c.id, op, level))),
      servedBy(document, c.id),
    ]);
  return [
    '## Throughput vs node:zlib (geometric mean over the corpus)',
    '',
    table(['contender', ...columns.map(({ op, level }) => `${op} L${level}`), 'served by / why not'], rows),
  ].join('\n');
}

function cell(row: ThroughputRow | undefined): string {
  if (!row) return '—';
  if (row.status !== 'ok' || !row.ratio) return status(row);
  return `${row.ratio.median.toFixed(2)} (${row.ratio.min.toFixed(2)}–${row.ratio.max.toFixed(2)})`;
}

function caseSection(document: ResultsDocument, operation: Operation, level: number): string {
  const corpora = document.corpus
    .map((c) => c.name)
    .filter((name) => !document.settings.corpora || document.settings.corpora.includes(name));
  const rows = document.throughput.filter((r) => r.operation === operation && r.level === level);
  const find = (contender: string, corpus: string) =>
    rows.find((r) => r.contender === contender && r.corpus === corpus);
  const baseline = [
    'node:zlib MB/s',
    ...corpora.map((corpus) => fixed(find('zlib-sync', corpus)?.mbps?.median, 1)),
  ];
  const body = document.contenders.map((c) => [
    c.label,
    ...corpora.map((corpus) => cell(find(c.id, corpus))),
  ]);
  const sizes = [
    'compressed size',
    ...corpora.map((corpus) => fixed(find('zlib-sync', corpus)?.sizeRatio, 3)),
  ];
  return [
    `### ${operation}, level ${level}`,
    '',
    table(['contender', ...corpora], [baseline, ...(operation === 'compress' ? [sizes] : []), ...body]),
  ].join('\n');
}

function messagesSection(document: ResultsDocument): string {
  const sizes = document.settings.messages.sizes;
  const ids = [...new Set(document.messages.map((m) => m.contender))];
  const rows = ids.map((id) => [
    label(document, id),
    ...sizes.flatMap((size) => {
      const row = document.messages.find((m) => m.contender === id && m.messageSize === size);
      if (!row) return ['—', '—'];
      if (row.status !== 'ok') return [status(row), '—'];
      const us = row.microseconds!;
      const cut = row.completed !== undefined && row.completed < row.count ? ` [${row.completed} msgs]` : '';
      return [`${us.median.toFixed(1)} (${us.min.toFixed(1)}–${us.max.toFixed(1)})${cut}`, fixed(row.ratio)];
    }),
  ]);
  return [
    `## Small messages (${document.settings.messages.count} messages, level ${document.settings.messages.level}, one after another)`,
    '',
    table(['contender', ...sizes.flatMap((s) => [`µs/msg ${s / 1024} KiB`, `ratio ${s / 1024} KiB`])], rows),
    '',
    'Median (min–max) over repetitions; ratio = node:zlib gzipSync time per message ÷ this one (higher is faster). ' +
      '`[n msgs]`: the time budget ended that repetition after n messages; the figure is per message done.',
  ].join('\n');
}

function kib(bytes: number): string {
  return `${bytes / 1024} KiB`;
}

function thresholdSection(document: ResultsDocument): string {
  const rows = crossoverRows(document);
  const title = '## Small-input threshold (`hardwareThreshold`)';
  if (rows.length === 0) return [title, '', 'Not measured: no hardware engine ran.'].join('\n');
  const sizes = rows[0]!.sizes;
  return [
    title,
    '',
    table(
      [
        'engine',
        'operation',
        'level',
        ...sizes.map((size) => `hardware ÷ software ${kib(size)}`),
        'pays off from',
      ],
      rows.map((row) => [
        row.engine,
        row.operation,
        String(row.level),
        ...row.ratios.map((ratio) => fixed(ratio)),
        row.paysOffFrom === undefined ? `slower at ${kib(sizes.at(-1)!)}` : kib(row.paysOffFrom),
      ]),
    ),
    '',
    "Throughput of `@uacce/stream`'s async one-shot call with `engine: 'hardware'` ÷ the same call with " +
      "`engine: 'software'`, on the HTTP-sized slices of this run (medians of paired rounds). " +
      '"Pays off from" is the smallest size from which the hardware is at least as fast at every larger ' +
      'slice: where a device ran, the value to give `hardwareThreshold` (default 16 KiB). The emulator ' +
      'is a software model in another process: its rows exercise the measurement, they are not a device figure.',
  ].join('\n');
}

function memorySection(document: ResultsDocument): string {
  const rows = document.memory.map((m) => [
    label(document, m.contender),
    m.status === 'ok' ? fixed(m.baselineRss! / MiB, 0) : status(m),
    fixed(m.peakRss === undefined ? undefined : m.peakRss / MiB, 0),
    fixed(m.growth === undefined ? undefined : m.growth / MiB, 1),
    fixed(m.mbps, 1),
    m.streamedBytes === undefined ? '—' : (m.streamedBytes / 1024 ** 3).toFixed(2),
    m.servedBy ?? '',
  ]);
  const gib = (document.settings.memory.totalBytes / 1024 ** 3).toFixed(2);
  return [
    `## Memory while streaming ${gib} GiB (gzip level ${document.settings.memory.level}, 64 KiB chunks)`,
    '',
    table(
      [
        'contender',
        'RSS at start (MiB)',
        'peak RSS (MiB)',
        'growth after 10% (MiB)',
        'MB/s',
        'GiB streamed',
        'served by',
      ],
      rows,
    ),
  ].join('\n');
}

function queueSection(document: ResultsDocument): string {
  const rows = document.queue.map((q) => {
    const rate = q.descriptorsPerSecond;
    const how = q.mode === 'batch' ? `submitBatch, ${q.batch} per doorbell` : 'submitSync, one at a time';
    if (q.status !== 'ok' || !rate) return [how, String(q.descriptors), status(q), '—', q.reason ?? ''];
    const range = `${fixed(rate.median / 1e6)} (${fixed(rate.min / 1e6)}–${fixed(rate.max / 1e6)})`;
    return [how, String(q.descriptors), range, fixed(q.nanosecondsPerDescriptor, 0), ''];
  });
  return [
    '## Queue engine (@uacce/qm) against an in-process device that completes at once',
    '',
    table(['submission', 'descriptors per run', 'million descriptors/s', 'ns per descriptor', 'note'], rows),
  ].join('\n');
}

/** Queue reopens after idle; documents written before the scenario have none (nothing rendered). */
function reopenSection(document: ResultsDocument): string | undefined {
  if (!document.reopen) return undefined;
  const where = { 'qm-emulator': 'emulator process', 'qm-hardware': 'HiSilicon ZIP device' };
  const microseconds = (summary: Summary | undefined) =>
    summary ? `${fixed(summary.median, 0)} (${fixed(summary.min, 0)}–${fixed(summary.max, 0)})` : '—';
  const rows = document.reopen.map((r) => {
    if (r.status !== 'ok' || !r.operations)
      return [where[r.contender], status(r), '—', '—', '—', r.reason ?? ''];
    const { open, ioctl, mmap } = r.operations;
    return [
      where[r.contender],
      `${open} open, ${ioctl} ioctls, ${mmap} mmaps`,
      microseconds(r.setupMicroseconds),
      microseconds(r.coldMicroseconds),
      microseconds(r.warmMicroseconds),
      `${r.cycles} reopens after ${r.idleTimeoutMs} ms idle`,
    ];
  });
  return [
    '## Queue reopened after idle (@uacce/qm, no warm queue: one stateless deflate of 512 B per idle spell)',
    '',
    table(
      [
        'device',
        'system calls per reopen',
        'bring-up µs',
        'first descriptor after idle µs',
        'next descriptor µs',
        'note',
      ],
      rows,
    ),
  ].join('\n');
}

function notesSection(document: ResultsDocument): string {
  const seen = new Map<string, string>();
  for (const row of [...document.throughput, ...document.messages, ...document.memory]) {
    if (row.status !== 'ok' && row.reason && !/has no level/.test(row.reason))
      seen.set(`${row.contender}: ${row.status}`, row.reason);
  }
  const lines = [...seen].map(([key, reason]) => `- ${key}: ${reason}`);
  return ['## Skipped and failed contenders', '', lines.length ? lines.join('\n') : 'None.'].join('\n');
}

function corpusSection(document: ResultsDocument): string {
  return [
    '## Corpus',
    '',
    table(
      ['name', 'kind', 'bytes', 'sha256', 'source'],
      document.corpus.map((c) => [c.name, c.kind, String(c.bytes), `\`${c.sha256}\``, c.source]),
    ),
  ].join('\n');
}

/** Renders the whole report. */
export function renderMarkdown(document: ResultsDocument): string {
  const cases = (['compress', 'decompress'] as Operation[]).flatMap((op) =>
    document.settings.levels.map((level) => caseSection(document, op, level)),
  );
  return `${[
    header(document),
    targetsSection(document),
    summarySection(document),
    '![compression](compress.svg)\n![decompression](decompress.svg)',
    messagesSection(document),
    '![small messages](messages.svg)',
    thresholdSection(document),
    memorySection(document),
    '![memory](memory.svg)',
    queueSection(document),
    ...[reopenSection(document)].filter((section) => section !== undefined),
    '## Every case (ratio to node:zlib gzipSync / gunzipSync: median (min–max))',
    ...cases,
    notesSection(document),
    corpusSection(document),
  ].join('\n\n')}\n`;
}
