// SPDX-License-Identifier: Apache-2.0
// Property tests: random data, random chunkings and random flushes round-trip through every
// format on both hardware versions, and agree with node:zlib both ways.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FlushMode, ZipFormat } from '../src/index';
import { HARDWARE_APIS, useEmulatedEngine } from './support/emulated-engine';
import { nodeDecode, nodeEncode } from './support/oracles';

/** Random bytes, or text-like bytes from a small alphabet (so matches and long runs occur). */
const payload = fc.oneof(
  fc.uint8Array({ maxLength: 20_000 }),
  fc
    .array(fc.constantFrom(...'abc  \n{}"0123456789xyzxyzxyz'.split('')), { maxLength: 30_000 })
    .map((characters) => new Uint8Array(Buffer.from(characters.join('')))),
  fc.integer({ min: 0, max: 200_000 }).map((size) => new Uint8Array(size).fill(size % 256)),
);

/** Cut points that split a payload into chunks (views, no copies). */
const cuts = fc.array(fc.nat(), { maxLength: 12 });

function chunk(bytes: Uint8Array, points: number[]): Uint8Array[] {
  const sorted = [...new Set(points.map((point) => point % (bytes.length + 1)))].sort((a, b) => a - b);
  const pieces: Uint8Array[] = [];
  let start = 0;
  for (const point of [...sorted, bytes.length]) {
    pieces.push(bytes.subarray(start, point));
    start = point;
  }
  return pieces;
}

const flushes = fc.array(fc.constantFrom<FlushMode>('none', 'sync', 'full'), {
  minLength: 13,
  maxLength: 13,
});
const RUNS = { numRuns: 12 };

describe.each(HARDWARE_APIS)('properties on %s', (api) => {
  const emulated = useEmulatedEngine(api);

  const compressFormats = (): ZipFormat[] => emulated.engine.formats('compress');
  const decompressFormats = (): ZipFormat[] => emulated.engine.formats('decompress');

  it('block compression of random chunkings is read back by node:zlib and by the hardware', async () => {
    await fc.assert(
      fc.asyncProperty(payload, cuts, async (bytes, points) => {
        for (const format of compressFormats()) {
          const compressed = await emulated.engine.compress(format, chunk(bytes, points));
          expect(nodeDecode(format, compressed).equals(bytes)).toBe(true);
          if (decompressFormats().includes(format)) {
            const back = await emulated.engine.decompress(format, chunk(compressed, points));
            expect(back.equals(bytes)).toBe(true);
          }
        }
      }),
      RUNS,
    );
  });

  it('session compression with random chunks and flushes is one valid stream', async () => {
    await fc.assert(
      fc.asyncProperty(payload, cuts, flushes, async (bytes, points, modes) => {
        for (const format of compressFormats()) {
          const session = emulated.engine.createCompressSession({ format });
          const output: Uint8Array[] = [];
          const pieces = chunk(bytes, points);
          for (const [index, piece] of pieces.entries()) {
            const flush = index === pieces.length - 1 ? 'finish' : (modes[index] as FlushMode);
            output.push(...(await session.write(piece, flush)));
          }
          expect(nodeDecode(format, Buffer.concat(output)).equals(bytes)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('session decompression of node:zlib streams in random chunks gives the input back', async () => {
    await fc.assert(
      fc.asyncProperty(payload, cuts, fc.integer({ min: 0, max: 9 }), async (bytes, points, level) => {
        for (const format of decompressFormats()) {
          const session = emulated.engine.createDecompressSession({ format });
          const output: Uint8Array[] = [];
          const pieces = chunk(nodeEncode(format, bytes, { level }), points);
          for (const [index, piece] of pieces.entries()) {
            output.push(...(await session.write(piece, index === pieces.length - 1 ? 'finish' : 'none')));
          }
          expect(session.ended).toBe(true);
          expect(Buffer.concat(output).equals(bytes)).toBe(true);
        }
      }),
      RUNS,
    );
  });
});
