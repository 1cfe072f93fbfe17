// SPDX-License-Identifier: Apache-2.0
// Every contender, by id. The parent reads the descriptions; a child opens exactly one.
import { javascriptContenders } from './javascript';
import { nodeZlibContenders } from './node-zlib';
import type { Contender } from './types';
import { uacceAutoContenders, uacceContenders } from './uacce';
import { webContenders } from './web';

/** Contenders of the throughput matrix, in table order (the baseline, zlib-sync, first). */
export const MATRIX_CONTENDERS: readonly Contender[] = [
  ...nodeZlibContenders,
  ...webContenders,
  ...javascriptContenders,
  ...uacceContenders,
];

/** Contenders of the small-message regime. */
export const MESSAGE_CONTENDERS: readonly Contender[] = [...MATRIX_CONTENDERS, ...uacceAutoContenders];

/** Contenders of the memory scenario: the streaming ones, 64 KiB chunks. */
export const MEMORY_CONTENDER_IDS = [
  'zlib-stream-64k',
  'uacce-software-stream-64k',
  'uacce-emulator-stream-64k',
  'uacce-hardware-stream-64k',
] as const;

export const BASELINE_ID = 'zlib-sync';

/** Finds a contender by id; throws for an unknown id (a harness bug, not a skip). */
export function findContender(id: string): Contender {
  const contender = MESSAGE_CONTENDERS.find((candidate) => candidate.id === id);
  if (!contender) throw new Error(`unknown contender ${id}`);
  return contender;
}
