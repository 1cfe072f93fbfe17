// SPDX-License-Identifier: Apache-2.0
// The small-input threshold of @uacce/stream (`hardwareThreshold`), measured: on the HTTP-sized
// slices, how fast the hardware engine's async one-shot call is against the software engine's,
// case by case in the same run, and the smallest size from which the hardware keeps winning.
// Derived from the throughput rows alone, so a committed results file re-renders with it.
import type { Engine, Level, Operation } from './contenders/types';
import type { ResultsDocument } from './results';

/** The hardware-engine contenders whose crossover is measured, and what they run on. */
const HARDWARE_CONTENDERS: readonly { id: string; engine: Engine }[] = [
  { id: 'uacce-hardware-async', engine: 'hardware' },
  { id: 'uacce-emulator-async', engine: 'emulator' },
];
const SOFTWARE_CONTENDER = 'uacce-software-async';

export interface CrossoverRow {
  engine: Engine;
  operation: Operation;
  level: Level;
  /** Slice sizes in bytes, ascending, and hardware ÷ software throughput at each (undefined: not measured). */
  sizes: number[];
  ratios: (number | undefined)[];
  /**
   * The smallest slice size from which the hardware is at least as fast at every measured larger
   * size; undefined when it is slower even at the largest slice (or nothing was measured).
   */
  paysOffFrom?: number;
}

/** Smallest size whose ratio and every larger measured one are ≥ 1. */
export function paysOffFrom(
  sizes: readonly number[],
  ratios: readonly (number | undefined)[],
): number | undefined {
  let from: number | undefined;
  for (let index = sizes.length - 1; index >= 0; index--) {
    const ratio = ratios[index];
    if (ratio === undefined) continue;
    if (ratio < 1) break;
    from = sizes[index];
  }
  return from;
}

/** One row per hardware engine that ran, operation and level. */
export function crossoverRows(document: ResultsDocument): CrossoverRow[] {
  const slices = document.corpus.filter((entry) => entry.kind === 'http').sort((a, b) => a.bytes - b.bytes);
  const sizes = slices.map((entry) => entry.bytes);
  const rows: CrossoverRow[] = [];
  for (const { id, engine } of HARDWARE_CONTENDERS) {
    for (const operation of ['compress', 'decompress'] as const) {
      for (const level of document.settings.levels) {
        const ratios = slices.map((slice) => {
          const find = (contender: string) =>
            document.throughput.find(
              (r) =>
                r.contender === contender &&
                r.operation === operation &&
                r.level === level &&
                r.corpus === slice.name &&
                r.status === 'ok',
            )?.ratio?.median;
          const hardware = find(id);
          const software = find(SOFTWARE_CONTENDER);
          return hardware !== undefined && software !== undefined ? hardware / software : undefined;
        });
        if (ratios.every((ratio) => ratio === undefined)) continue;
        const from = paysOffFrom(sizes, ratios);
        rows.push({
          engine,
          operation,
          level,
          sizes,
          ratios,
          ...(from === undefined ? {} : { paysOffFrom: from }),
        });
      }
    }
  }
  return rows;
}
