// SPDX-License-Identifier: Apache-2.0
// Property: whatever the data, the chunking, the format, the direction, the fault and the request
// it hits, a stream on (fake) hardware ends byte-exact: compressed output inflates with node:zlib
// to the input, decompressed output equals the original.

import zlib from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import {
  closeHardware,
  configureHardware,
  createDeflate,
  createDeflateRaw,
  createGunzip,
  createGzip,
  createInflate,
  createInflateRaw,
  createUnzip,
} from '../src/index';
import { FakeEngine, type FaultKind } from './helpers/fake-engine';
import { chunked, sampleData, through } from './helpers/streams';

const FORMATS = {
  gzip: { compress: createGzip, decompress: createGunzip, inflate: zlib.gunzipSync, deflate: zlib.gzipSync },
  zlib: {
    compress: createDeflate,
    decompress: createInflate,
    inflate: zlib.inflateSync,
    deflate: zlib.deflateSync,
  },
  raw: {
    compress: createDeflateRaw,
    decompress: createInflateRaw,
    inflate: zlib.inflateRawSync,
    deflate: zlib.deflateRawSync,
  },
  unzip: {
    compress: createGzip,
    decompress: createUnzip,
    inflate: zlib.unzipSync,
    deflate: zlib.deflateSync,
  },
} as const;

const FAULTS: FaultKind[] = [
  'timeout-error',
  'stall',
  'queue-lost',
  'device-isolated',
  'transport',
  'hw-status',
];

afterAll(() => closeHardware());

describe('fallback at any point keeps the stream byte-exact (property)', () => {
  it('holds for random data, chunking, format, direction, fault and failing request', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...(Object.keys(FORMATS) as (keyof typeof FORMATS)[])),
        fc.boolean(),
        fc.constantFrom(...FAULTS),
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 0, max: 400_000 }),
        fc.integer({ min: 1, max: 70_000 }),
        fc.integer({ min: 1, max: 1000 }),
        async (name, compress, fault, failAt, size, maxChunk, seed) => {
          const format = FORMATS[name];
          await configureHardware({
            engine: () => Promise.resolve(new FakeEngine({ failAt, fault })),
            retryInterval: 0,
          });
          const data = sampleData(size, seed);
          const options = { engine: 'hardware' as const, hardwareTimeout: 40 };
          if (compress) {
            const out = await through(format.compress(options), chunked(data, maxChunk, seed));
            return format.inflate(out).equals(data);
          }
          const input = format.deflate(data, { level: 1 + (seed % 9) });
          const out = await through(format.decompress(options), chunked(input, maxChunk, seed));
          return out.equals(data);
        },
      ),
      { numRuns: 40, seed: 7_2024 },
    );
  });
});
