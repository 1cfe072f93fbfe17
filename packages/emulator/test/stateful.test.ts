// SPDX-License-Identifier: Apache-2.0
// Stateful streams through the ring (spec §4.5–4.7, §6 item 11): context kept per context
// address, checksum and ISIZE carried in DW31/DW30, sync flush decodable up to the flush point,
// finish with final block and trailer; decompression stopping when the output is full.
import {
  constants,
  deflateRawSync,
  deflateSync,
  gunzipSync,
  gzipSync,
  inflateRawSync,
  inflateSync,
} from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CTX_ST, type RunningEmulator, startEmulator, ZIP_STATUS } from '../src';
import { RingClient } from './support/ring-client';
import { sample } from './support/sample';
import { buildSqe, readResult, type SqeResult } from './support/sqe-builder';

const ZLIB_HEADER = Buffer.from([0x78, 0x9c]);
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]);

let emulator: RunningEmulator;
let compressor: RingClient;
let decompressor: RingClient;

beforeAll(async () => {
  emulator = await startEmulator({ queuesPerDevice: 4 });
  compressor = await RingClient.open(emulator, 'hisi_zip-0', 0);
  decompressor = await RingClient.open(emulator, 'hisi_zip-0', 1);
});

afterAll(async () => {
  compressor?.close();
  decompressor?.close();
  await emulator?.stop();
});

async function run(client: RingClient, sqe: Buffer): Promise<SqeResult> {
  client.submit(sqe);
  const completion = await client.receive();
  expect(completion).toBeDefined();
  return readResult(completion!.sqe);
}

/** Compresses `chunks` as one stream, the last with finish; returns the device's bytes. */
async function compressStream(requestType: number, chunks: Buffer[], onFlush?: (soFar: Buffer) => void) {
  const context = Buffer.alloc(0x10000);
  const hwContext = context.subarray(64);
  const out: Buffer[] = [];
  let words = { checksum: 0, isize: 0 };
  for (const [index, chunk] of chunks.entries()) {
    const dest = Buffer.alloc(chunk.length * 2 + 1024);
    const result = await run(
      compressor,
      buildSqe({
        requestType,
        source: chunk,
        sourceLength: chunk.length,
        dest,
        destLength: dest.length,
        streamMode: 1,
        streamNew: index === 0 ? 1 : 0,
        finish: index === chunks.length - 1 ? 1 : 0,
        context: hwContext,
        ...words,
      }),
    );
    expect(result.status).toBe(ZIP_STATUS.OK);
    expect(result.consumed).toBe(chunk.length);
    words = { checksum: result.checksum, isize: result.isize };
    out.push(Buffer.from(dest.subarray(0, result.produced)));
    onFlush?.(Buffer.concat(out));
  }
  return Buffer.concat(out);
}

describe('stateful compression', () => {
  const input = sample(120_000, 3);
  const chunks = [input.subarray(0, 30_000), input.subarray(30_000, 31_000), input.subarray(31_000)];

  it('gzip stream in three requests inflates with node:zlib; every sync flush is decodable', async () => {
    let consumed = 0;
    const body = await compressStream(3, chunks, (soFar) => {
      if (soFar.length === 0) return;
      const partial = inflateRawSync(soFar, { finishFlush: constants.Z_SYNC_FLUSH });
      expect(partial.length).toBeGreaterThanOrEqual(consumed);
      consumed += chunks[0]!.length;
    });
    expect(gunzipSync(Buffer.concat([GZIP_HEADER, body])).equals(input)).toBe(true);
  });

  it('raw deflate stream in three requests inflates with node:zlib', async () => {
    const body = await compressStream(1, chunks);
    expect(inflateRawSync(body).equals(input)).toBe(true);
  });

  it('zlib stream carries the running Adler-32 through DW31', async () => {
    const body = await compressStream(2, chunks);
    expect(inflateSync(Buffer.concat([ZLIB_HEADER, body])).equals(input)).toBe(true);
  });

  /** Compresses `first` with stream_new into a fresh context; returns the context and the words. */
  async function startStream(first: Buffer) {
    const context = Buffer.alloc(0x10000);
    const dest = Buffer.alloc(first.length * 2 + 1024);
    const result = await run(
      compressor,
      buildSqe({
        requestType: 1,
        source: first,
        sourceLength: first.length,
        dest,
        destLength: dest.length,
        streamMode: 1,
        streamNew: 1,
        finish: 0,
        context: context.subarray(64),
      }),
    );
    expect(result.status).toBe(ZIP_STATUS.OK);
    return { context, body: Buffer.from(dest.subarray(0, result.produced)), words: result };
  }

  async function continueStream(context: Buffer, rest: Buffer, words: SqeResult) {
    const dest = Buffer.alloc(rest.length * 2 + 1024);
    const result = await run(
      compressor,
      buildSqe({
        requestType: 1,
        source: rest,
        sourceLength: rest.length,
        dest,
        destLength: dest.length,
        streamMode: 1,
        streamNew: 0,
        finish: 1,
        context: context.subarray(64),
        checksum: words.checksum,
        isize: words.isize,
      }),
    );
    return { result, body: Buffer.from(dest.subarray(0, result.produced)) };
  }

  it('the stream travels with its context area: a copy at another address continues it', async () => {
    const started = await startStream(chunks[0]!);
    const moved = Buffer.from(started.context);
    const rest = input.subarray(chunks[0]!.length);
    const next = await continueStream(moved, rest, started.words);
    expect(next.result.status).toBe(ZIP_STATUS.OK);
    expect(inflateRawSync(Buffer.concat([started.body, next.body])).equals(input)).toBe(true);
  });

  it('a context zeroed in mid-stream no longer continues the stream (BAD_REQUEST)', async () => {
    const started = await startStream(chunks[0]!);
    started.context.fill(0);
    const next = await continueStream(started.context, chunks[1]!, started.words);
    expect(next.result.status).toBe(ZIP_STATUS.BAD_REQUEST);
  });

  /** One request of a raw-deflate stream whose hardware context area is `hwContext`. */
  async function compressStep(
    hwContext: Buffer,
    source: Buffer,
    fields: { streamNew: number; finish: number; windowSize?: number; words?: SqeResult },
  ) {
    const dest = Buffer.alloc(source.length * 2 + 1024);
    const result = await run(
      compressor,
      buildSqe({
        requestType: 1,
        source,
        sourceLength: source.length,
        dest,
        destLength: dest.length,
        streamMode: 1,
        streamNew: fields.streamNew,
        finish: fields.finish,
        windowSize: fields.windowSize ?? 4,
        context: hwContext,
        checksum: fields.words?.checksum ?? 0,
        isize: fields.words?.isize ?? 0,
      }),
    );
    expect(result.status).toBe(ZIP_STATUS.OK);
    return { result, body: Buffer.from(dest.subarray(0, result.produced)) };
  }

  it.each([
    ['32 KiB', 4, 32_768],
    ['4 KiB', 0, 4096],
  ] as const)(
    '%s window: the history at hw ctx + 0xC00 is the last input bytes (ctx_dw2 of them)',
    async (_name, windowSize, window) => {
      const hwContext = Buffer.alloc(0x10000 - 64);
      const pieces = [input.subarray(0, 3000), input.subarray(3000, 40_000), input.subarray(40_000, 41_000)];
      let total = 0;
      const bodies: Buffer[] = [];
      for (const [index, piece] of pieces.entries()) {
        const step = await compressStep(hwContext, piece, {
          streamNew: index === 0 ? 1 : 0,
          finish: index === pieces.length - 1 ? 1 : 0,
          windowSize,
        });
        bodies.push(step.body);
        total += piece.length;
        const length = Math.min(total, window);
        expect(step.result.ctxDw2).toBe(length);
        const history = hwContext.subarray(0xc00, 0xc00 + length);
        expect(history.equals(input.subarray(total - length, total))).toBe(true);
      }
      expect(inflateRawSync(Buffer.concat(bodies)).equals(input.subarray(0, total))).toBe(true);
    },
  );

  it("the next request compresses against the client's history: overwritten, it changes the result", async () => {
    const noise = (seed: number) => {
      const out = Buffer.alloc(8192);
      let state = seed;
      for (let index = 0; index < out.length; index++) {
        state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
        out[index] = state >>> 23;
      }
      return out;
    };
    const a = noise(1);
    const b = noise(2);
    for (const overwrite of [false, true]) {
      const hwContext = Buffer.alloc(0x10000 - 64);
      const first = await compressStep(hwContext, a, { streamNew: 1, finish: 0 });
      expect(hwContext.subarray(0xc00, 0xc00 + 8192).equals(a)).toBe(true);
      // The driver puts b where the device keeps the history: the device now finds b "behind" b.
      if (overwrite) b.copy(hwContext, 0xc00);
      const second = await compressStep(hwContext, b, { streamNew: 0, finish: 1, words: first.result });
      const decoded = inflateRawSync(Buffer.concat([first.body, second.body]));
      if (overwrite) {
        // Matches 8192 bytes back: the decoder, holding a, copies (nearly all of) a.
        expect(second.body.length).toBeLessThan(500);
        expect(decoded.subarray(0, 8192).equals(a)).toBe(true);
        const copied = decoded.subarray(8192).filter((byte, index) => byte === a[index]).length;
        expect(copied).toBeGreaterThan(8000);
        expect(decoded.subarray(8192).equals(b)).toBe(false);
      } else {
        expect(second.body.length).toBeGreaterThan(8000);
        expect(decoded.equals(Buffer.concat([a, b]))).toBe(true);
      }
    }
  });

  it('refuses less than the stateful minimum of output space with 0x0E', async () => {
    const context = Buffer.alloc(0x10000);
    const dest = Buffer.alloc(100);
    const result = await run(
      compressor,
      buildSqe({
        requestType: 3,
        source: input,
        sourceLength: 100,
        dest,
        destLength: 100,
        streamMode: 1,
        context,
      }),
    );
    expect(result.status).toBe(ZIP_STATUS.DEST_TOO_SMALL);
  });
});

describe('stateful decompression', () => {
  it.each([
    ['deflate', 1, deflateRawSync(sample(200_000, 5))],
    ['gzip', 3, gzipSync(sample(200_000, 5)).subarray(10)],
    ['zlib', 2, deflateSync(sample(200_000, 5)).subarray(2)],
  ] as const)(
    '%s in small pieces with 4 KiB of output space reaches 0x13 + lstblk',
    async (_name, requestType, body) => {
      const context = Buffer.alloc(0x10000);
      const out: Buffer[] = [];
      let offset = 0;
      let words = { checksum: 0, isize: 0 };
      let first = true;
      let sawNoSpace = false;
      for (let step = 0; step < 10_000; step++) {
        const source = body.subarray(offset, Math.min(offset + 3000, body.length));
        const dest = Buffer.alloc(4096);
        const result = await run(
          decompressor,
          buildSqe({
            requestType,
            source,
            sourceLength: source.length,
            dest,
            destLength: dest.length,
            streamMode: 1,
            streamNew: first ? 1 : 0,
            finish: 0,
            context,
            ...words,
          }),
        );
        first = false;
        words = { checksum: result.checksum, isize: result.isize };
        out.push(Buffer.from(dest.subarray(0, result.produced)));
        offset += result.consumed;
        if ((result.ctxDw0 & 0xf) === CTX_ST.DECOMPING_NO_SPACE) sawNoSpace = true;
        if (result.status === ZIP_STATUS.DECOMP_END) {
          expect(result.lstblk).toBe(1);
          break;
        }
        expect(result.status).toBe(ZIP_STATUS.OK);
      }
      expect(offset).toBe(body.length);
      expect(sawNoSpace).toBe(true);
      expect(Buffer.concat(out).equals(sample(200_000, 5))).toBe(true);
    },
  );
});
