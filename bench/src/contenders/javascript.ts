// SPDX-License-Identifier: Apache-2.0
// Pure-JavaScript deflate: pako (what runs where node:zlib does not) and fflate.
import { gunzipSync, gzipSync } from 'fflate';
import { gzip, ungzip } from 'pako';
import type { Contender } from './types';

export const javascriptContenders: Contender[] = [
  {
    id: 'pako',
    label: 'pako gzip',
    family: 'pako',
    open: async (operation, level) => ({
      sync: true,
      run: (input) => (operation === 'compress' ? gzip(input, { level }) : ungzip(input)),
    }),
  },
  {
    id: 'fflate',
    label: 'fflate gzipSync',
    family: 'fflate',
    open: async (operation, level) => ({
      sync: true,
      run: (input) => (operation === 'compress' ? gzipSync(input, { level }) : gunzipSync(input)),
    }),
  },
];
