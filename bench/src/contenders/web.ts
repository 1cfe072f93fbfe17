// SPDX-License-Identifier: Apache-2.0
// Node's built-in WHATWG CompressionStream/DecompressionStream. The standard has no level option,
// so Node's compresses at zlib's default (6) only; other levels are reported as skipped.
import { throughWebStream } from './pump';
import type { Contender } from './types';

export const WEB_CHUNK = 64 * 1024;

export const webContenders: Contender[] = [
  {
    id: 'web-stream',
    label: 'Node CompressionStream 64 KiB',
    family: 'web',
    levels: [6],
    open: async (operation) => ({
      sync: false,
      run: (input) =>
        throughWebStream(
          operation === 'compress' ? new CompressionStream('gzip') : new DecompressionStream('gzip'),
          input,
          WEB_CHUNK,
        ),
    }),
  },
];
