// SPDX-License-Identifier: Apache-2.0
// The SVG charts of a results document, by file name (written next to latest.md).
import type { Operation } from '../contenders/types';
import type { ResultsDocument } from '../results';
import { renderBarChart, renderLineChart, type Series } from './svg';

const LEVEL_COLORS = ['#9ecae1', '#3182bd', '#08519c'];
const SIZE_COLORS = ['#fdae6b', '#e6550d'];
const LINE_COLORS = ['#636363', '#3182bd', '#31a354', '#e6550d'];

function label(document: ResultsDocument, id: string): string {
  return document.contenders.find((c) => c.id === id)?.label ?? id;
}

function throughputChart(document: ResultsDocument, operation: Operation): string {
  const levels = document.settings.levels;
  const series: Series[] = levels.map((level, i) => ({
    name: `level ${level}`,
    color: LEVEL_COLORS[i % 3]!,
  }));
  const ids = document.contenders
    .map((c) => c.id)
    .filter((id) => document.summary.some((s) => s.contender === id && s.ratio !== undefined));
  return renderBarChart({
    title: `${operation === 'compress' ? 'Compression' : 'Decompression'} throughput vs node:zlib ${operation === 'compress' ? 'gzipSync' : 'gunzipSync'} (geometric mean over the corpus)`,
    unit: 'ratio to node:zlib (higher is faster; dashed line = 1.0)',
    series,
    reference: 1,
    groups: ids.map((id) => ({
      label: label(document, id),
      values: levels.map(
        (level) =>
          document.summary.find((s) => s.contender === id && s.operation === operation && s.level === level)
            ?.ratio,
      ),
    })),
  });
}

function messagesChart(document: ResultsDocument): string {
  const sizes = document.settings.messages.sizes;
  const ids = [...new Set(document.messages.filter((m) => m.status === 'ok').map((m) => m.contender))];
  return renderBarChart({
    title: `Small messages: ${document.settings.messages.count} gzip calls, level ${document.settings.messages.level}`,
    unit: 'microseconds per message (lower is better)',
    series: sizes.map((size, i) => ({ name: `${size / 1024} KiB`, color: SIZE_COLORS[i % 2]! })),
    groups: ids.map((id) => ({
      label: label(document, id),
      values: sizes.map(
        (size) =>
          document.messages.find((m) => m.contender === id && m.messageSize === size)?.microseconds?.median,
      ),
    })),
  });
}

function memoryChart(document: ResultsDocument): string {
  const rows = document.memory.filter((m) => m.status === 'ok' && m.samples);
  return renderLineChart({
    title: `Resident memory while streaming ${(document.settings.memory.totalBytes / 1024 ** 3).toFixed(2)} GiB through gzip (level ${document.settings.memory.level})`,
    xLabel: 'GiB streamed',
    yLabel: 'RSS (MiB)',
    series: rows.map((row, i) => ({
      name: label(document, row.contender),
      color: LINE_COLORS[i % LINE_COLORS.length]!,
      points: row.samples!.map((s) => [s.bytes / 1024 ** 3, s.rss / 1024 ** 2] as [number, number]),
    })),
  });
}

/** Every chart of the document: file name → SVG text. */
export function renderCharts(document: ResultsDocument): Record<string, string> {
  return {
    'compress.svg': throughputChart(document, 'compress'),
    'decompress.svg': throughputChart(document, 'decompress'),
    'messages.svg': messagesChart(document),
    'memory.svg': memoryChart(document),
  };
}
