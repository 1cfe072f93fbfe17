// SPDX-License-Identifier: Apache-2.0
// reset() as node:zlib does it (deflateReset/inflateReset: what is written next is a new,
// independent stream), run once per engine setup. node:zlib's own streams, driven by the same
// calls, are the oracle; hardware bytes differ from node's, so decoded content is compared.

import { once } from 'node:events';
import type { Transform } from 'node:stream';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import * as ours from '../../src/index';
import { sampleData } from './streams';
import type { EngineSetup } from './zlib-suite';

/** The surface used here (@types/node declares reset() only on some of node:zlib's classes; all have it). */
export type Stream = Transform & {
  reset(): void;
  flush(cb: () => void): void;
  close(): void;
  bytesWritten: number;
  engine?: string;
};
const SYNC = { finishFlush: zlib.constants.Z_SYNC_FLUSH };

const FORMATS = [
  {
    name: 'gzip',
    ours: [ours.createGzip, ours.createGunzip],
    node: [zlib.createGzip, zlib.createGunzip],
    compress: zlib.gzipSync,
    decode: zlib.gunzipSync,
  },
  {
    name: 'deflate',
    ours: [ours.createDeflate, ours.createInflate],
    node: [zlib.createDeflate, zlib.createInflate],
    compress: zlib.deflateSync,
    decode: zlib.inflateSync,
  },
  {
    name: 'deflateRaw',
    ours: [ours.createDeflateRaw, ours.createInflateRaw],
    node: [zlib.createDeflateRaw, zlib.createInflateRaw],
    compress: zlib.deflateRawSync,
    decode: zlib.inflateRawSync,
  },
] as const;

interface Run {
  /** Output produced before reset() (including what the readable side still buffered). */
  before: Buffer;
  after: Buffer;
  bytesWritten: number;
}

/** Two writes: the last 1000 bytes apart (a stream on hardware holds a short write back for a moment). */
function twoPieces(data: Buffer): Buffer[] {
  const cut = Math.max(0, data.length - 1000);
  return [data.subarray(0, cut), data.subarray(cut)];
}

/** Writes `a` (then flushes if asked), resets once that has called back, ends with `b`. */
export async function resetBetween(stream: Stream, a: Buffer, b: Buffer, flush: boolean): Promise<Run> {
  const out: Buffer[] = [];
  stream.on('data', (data: Buffer) => out.push(data));
  const ended = once(stream, 'end');
  await new Promise<void>((resolve) => {
    const [first, last] = twoPieces(a);
    stream.write(first!);
    if (!flush) return void stream.write(last!, () => resolve());
    stream.write(last!);
    stream.flush(() => resolve());
  });
  const split = Buffer.concat(out).length + stream.readableLength;
  stream.reset();
  if (b.length > 0) stream.write(b);
  stream.end();
  await ended;
  const all = Buffer.concat(out);
  return { before: all.subarray(0, split), after: all.subarray(split), bytesWritten: stream.bytesWritten };
}

function thrown(fn: () => void): Error & { code?: string } {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected reset() to throw');
}

export function defineResetSuite(setup: EngineSetup): void {
  const o = setup.options;

  describe(`${setup.name}: reset() as node:zlib`, () => {
    for (const f of FORMATS) {
      const [create, createInverse] = f.ours;
      const [nodeCreate, nodeCreateInverse] = f.node;

      for (const [sizeA, sizeB] of [
        [5000, 300 * 1024],
        [300 * 1024, 0],
      ] as const) {
        it(`${f.name}: flush, reset, write: ${sizeA} then ${sizeB} bytes as two streams`, async () => {
          const a = sampleData(sizeA, 11);
          const b = sampleData(sizeB, 12);
          for (const stream of [create(o), nodeCreate()] as unknown as Stream[]) {
            const run = await resetBetween(stream, a, b, true);
            expect(f.decode(run.before, SYNC).equals(a)).toBe(true);
            expect(f.decode(run.after).equals(b)).toBe(true);
            expect(run.bytesWritten).toBe(sizeA + sizeB);
          }
        });
      }

      it(`${f.name}: reset drops input that was not flushed`, async () => {
        const a = sampleData(3000, 13);
        const b = sampleData(70_000, 14);
        const stream = create(o) as unknown as Stream;
        for (const s of [stream, nodeCreate()] as unknown as Stream[]) {
          const run = await resetBetween(s, a, b, false);
          expect(f.decode(run.before, SYNC).length).toBe(0);
          expect(f.decode(run.after).equals(b)).toBe(true);
        }
        expect(stream.engine).toBe(setup.served);
      });

      it(`${f.name}: reset before any data, and twice in a row, changes nothing`, async () => {
        const data = sampleData(40_000, 15);
        for (const stream of [create(o), nodeCreate()] as unknown as Stream[]) {
          const out: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => out.push(chunk));
          stream.reset();
          stream.reset();
          stream.end(data);
          await once(stream, 'end');
          expect(f.decode(Buffer.concat(out)).equals(data)).toBe(true);
        }
      });

      for (const [sizeA, sizeB] of [
        [5000, 300 * 1024],
        [300 * 1024, 20_000],
      ] as const) {
        it(`${f.name}: decompression reset between two streams of ${sizeA} and ${sizeB} bytes`, async () => {
          const a = sampleData(sizeA, 16);
          const b = sampleData(sizeB, 17);
          const expected = Buffer.concat([a, b]);
          for (const stream of [createInverse(o), nodeCreateInverse()] as unknown as Stream[]) {
            const run = await resetBetween(stream, f.compress(a), f.compress(b), false);
            expect(Buffer.concat([run.before, run.after]).equals(expected)).toBe(true);
          }
        });
      }

      it(`${f.name}: decompression reset mid-stream keeps the output so far, then the new stream`, async () => {
        const a = sampleData(100_000, 18);
        const b = sampleData(30_000, 19);
        const half = f.compress(a).subarray(0, 20_000);
        const [mine, node] = await Promise.all(
          [createInverse(o), nodeCreateInverse()].map((s) =>
            resetBetween(s as unknown as Stream, half, f.compress(b), false).then((r) =>
              Buffer.concat([r.before, r.after]),
            ),
          ),
        );
        expect(node!.subarray(node!.length - b.length).equals(b)).toBe(true);
        // What a partial stream yields before reset is whatever the inflater could decode: a prefix of `a`.
        const partial = mine!.length - b.length;
        expect(partial).toBeGreaterThan(0);
        expect(mine!.subarray(0, partial).equals(a.subarray(0, partial))).toBe(true);
        expect(mine!.subarray(partial).equals(b)).toBe(true);
      });

      // node:zlib races such a reset against its thread pool; streams that may run on hardware define it.
      it.runIf(setup.served === 'hardware')(
        `${f.name}: a reset called while a chunk is in progress applies after it`,
        async () => {
          const a = sampleData(200_000, 20);
          const b = sampleData(50_000, 21);
          const stream = createInverse(o) as unknown as Stream;
          const out: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => out.push(chunk));
          stream.write(f.compress(a));
          stream.reset();
          stream.end(f.compress(b));
          await once(stream, 'end');
          expect(Buffer.concat(out).equals(Buffer.concat([a, b]))).toBe(true);
        },
      );
    }

    it('unzip detects the format again after a reset', async () => {
      const a = sampleData(30_000, 22);
      const b = sampleData(20_000, 23);
      for (const stream of [ours.createUnzip(o), zlib.createUnzip()] as unknown as Stream[]) {
        const run = await resetBetween(stream, zlib.gzipSync(a), zlib.deflateSync(b), false);
        expect(Buffer.concat([run.before, run.after]).equals(Buffer.concat([a, b]))).toBe(true);
      }
    });

    it('reset() on a closed stream throws node:zlib’s error', async () => {
      const expected = thrown(() => {
        const node = zlib.createGzip() as unknown as Stream;
        node.close();
        node.reset();
      });
      expect(expected.code).toBe('ERR_INTERNAL_ASSERTION');
      const closed = ours.createGzip(o) as unknown as Stream;
      closed.close();
      const ended = ours.createGunzip(o) as unknown as Stream;
      ended.resume();
      ended.end(zlib.gzipSync(sampleData(1000)));
      await once(ended, 'close');
      for (const stream of [closed, ended]) {
        const error = thrown(() => stream.reset());
        expect(error.constructor).toBe(expected.constructor);
        expect(error.code).toBe(expected.code);
      }
    });
  });
}
