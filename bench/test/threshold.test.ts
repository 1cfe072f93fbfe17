// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import type { ResultsDocument, ThroughputRow } from '../src/results';
import { SMOKE } from '../src/settings';
import { crossoverRows, paysOffFrom } from '../src/threshold';

describe('paysOffFrom', () => {
  const sizes = [1024, 4096, 16384, 65536];
  it.each([
    { ratios: [0.5, 0.9, 1.2, 1.5], from: 16384 },
    { ratios: [1.1, 1.2, 1.3, 1.4], from: 1024 },
    // A win at 4 KiB that does not last is no threshold: from 16 KiB on the hardware keeps winning.
    { ratios: [0.5, 1.1, 0.9, 1.5], from: 65536 },
    { ratios: [1.2, 1.2, 1.2, 0.9], from: undefined },
    // An unmeasured size neither breaks nor starts the run of wins.
    { ratios: [0.5, 1.1, undefined, 1.5], from: 4096 },
    { ratios: [undefined, undefined, undefined, undefined], from: undefined },
  ])('$ratios → $from', ({ ratios, from }) => {
    expect(paysOffFrom(sizes, ratios)).toBe(from);
  });
});

function row(
  contender: string,
  corpus: string,
  median: number,
  status: ThroughputRow['status'] = 'ok',
): ThroughputRow {
  return {
    operation: 'compress',
    level: 6,
    corpus,
    contender,
    status,
    ...(status === 'ok' ? { ratio: { median, min: median, max: median } } : {}),
  };
}

function document(throughput: ThroughputRow[]): ResultsDocument {
  const http = (name: string, bytes: number) => ({ name, kind: 'http', bytes, sha256: '', source: '' });
  return {
    settings: { ...SMOKE, levels: [6] },
    corpus: [
      http('http-4k.json', 4096),
      http('http-1k.json', 1024),
      { ...http('big', 1 << 20), kind: 'text' },
    ],
    throughput,
  } as unknown as ResultsDocument;
}

describe('crossoverRows', () => {
  it('divides hardware by software per slice, sorted by size, ignoring non-HTTP entries', () => {
    const rows = crossoverRows(
      document([
        row('uacce-software-async', 'http-1k.json', 0.2),
        row('uacce-software-async', 'http-4k.json', 0.4),
        row('uacce-software-async', 'big', 1),
        row('uacce-emulator-async', 'http-1k.json', 0.1),
        row('uacce-emulator-async', 'http-4k.json', 0.6),
        row('uacce-emulator-async', 'big', 3),
      ]),
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      engine: 'emulator',
      operation: 'compress',
      level: 6,
      sizes: [1024, 4096],
    });
    expect(rows[0]!.ratios[0]).toBeCloseTo(0.5, 10);
    expect(rows[0]!.ratios[1]).toBeCloseTo(1.5, 10);
    expect(rows[0]!.paysOffFrom).toBe(4096);
  });

  it('a skipped hardware contender gives no row; a failed case is not measured', () => {
    const rows = crossoverRows(
      document([
        row('uacce-software-async', 'http-1k.json', 0.2),
        row('uacce-software-async', 'http-4k.json', 0.4),
        row('uacce-hardware-async', 'http-1k.json', 0, 'skipped'),
        row('uacce-hardware-async', 'http-4k.json', 0, 'skipped'),
        row('uacce-emulator-async', 'http-1k.json', 0, 'failed'),
        row('uacce-emulator-async', 'http-4k.json', 0.2),
      ]),
    );
    expect(rows.map((r) => r.engine)).toEqual(['emulator']);
    expect(rows[0]!.ratios[0]).toBeUndefined();
    expect(rows[0]!.paysOffFrom).toBeUndefined();
  });
});
