// SPDX-License-Identifier: Apache-2.0
// Descriptor-level behaviour through the ring: write-back confined to the hardware words, SGLs
// with offsets, limits, refusals, bypass, negative compression, and CQ phase across wraps.
import { randomBytes } from 'node:crypto';
import { gunzipSync, inflateRawSync } from 'node:zlib';
import { loadNative } from '@uacce/native';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator, ZIP_STATUS } from '../src';
import { RingClient } from './support/ring-client';
import { sample } from './support/sample';
import { buildSqe, readResult } from './support/sqe-builder';

const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]);
const HARDWARE_WORDS = new Set([0, 1, 2, 3, 15, 28, 29, 30, 31]);

let emulator: RunningEmulator;
let v3: RingClient;
let v3Decompress: RingClient;
let v2: RingClient;

beforeAll(async () => {
  emulator = await startEmulator({ devices: 1, api: 'hisi_qm_v3', queuesPerDevice: 8 });
  v3 = await RingClient.open(emulator, 'hisi_zip-0', 0);
  v3Decompress = await RingClient.open(emulator, 'hisi_zip-0', 1);
});

afterAll(async () => {
  for (const ring of [v3, v3Decompress, v2]) ring?.close();
  await emulator?.stop();
});

async function run(ring: RingClient, sqe: Buffer) {
  ring.submit(sqe);
  const completion = await ring.receive();
  expect(completion).toBeDefined();
  return completion!;
}

/** Builds a one-SGL chain in a 64-byte-aligned Buffer over `buffers`. */
function sgl(buffers: Buffer[]): { list: Buffer; address: bigint } {
  const raw = Buffer.alloc(64 + 64 + 32 * buffers.length);
  const base = loadNative().addressOf(raw);
  const skip = Number((64n - (base % 64n)) % 64n);
  const list = raw.subarray(skip, skip + 64 + 32 * buffers.length);
  list.writeUInt16LE(255, 8);
  list.writeUInt16LE(buffers.length, 10);
  list.writeUInt16LE(buffers.length, 12);
  for (const [index, buffer] of buffers.entries()) {
    list.writeBigUInt64LE(loadNative().addressOf(buffer), 64 + 32 * index);
    list.writeUInt32LE(buffer.length, 64 + 32 * index + 16);
  }
  return { list: raw, address: base + BigInt(skip) };
}

describe('write-back', () => {
  it('changes only DW0–3, DW15 and DW28–31 of the submitted SQE', async () => {
    const input = sample(10_000);
    const dest = Buffer.alloc(20_000);
    const submitted = buildSqe({
      requestType: 3,
      source: input,
      sourceLength: input.length,
      dest,
      destLength: dest.length,
      tag: 0xabcdef,
    });
    const { sqe } = await run(v3, submitted);
    for (let word = 0; word < 32; word++) {
      if (!HARDWARE_WORDS.has(word))
        expect(sqe.readUInt32LE(word * 4)).toBe(submitted.readUInt32LE(word * 4));
    }
    expect(readResult(sqe).status).toBe(ZIP_STATUS.OK);
  });
});

describe('hardware SGLs', () => {
  it('gathers input and scatters output across entries, honouring DW7/DW8 offsets', async () => {
    const input = sample(50_000, 9);
    // Source: 7 junk bytes (skipped through DW7), then the input split over three entries.
    const source = [
      Buffer.concat([Buffer.from('JUNKJUN'), input.subarray(0, 10_000)]),
      input.subarray(10_000, 30_000),
      input.subarray(30_000),
    ];
    // Dest: the driver's 10-byte gzip header goes first (skipped through DW8), then small pieces.
    const dests = [Buffer.alloc(4096), Buffer.alloc(3000), Buffer.alloc(50_000)];
    GZIP_HEADER.copy(dests[0]!);
    const sourceList = sgl(source);
    const destList = sgl(dests);
    const { sqe } = await run(
      v3,
      buildSqe({
        requestType: 3,
        bufferType: 1,
        source: sourceList.address,
        sourceLength: input.length,
        inOffset: 7,
        dest: destList.address,
        destLength: 60_000,
        outOffset: 10,
      }),
    );
    const result = readResult(sqe);
    expect(result.status).toBe(ZIP_STATUS.OK);
    const written = Buffer.concat(dests).subarray(0, 10 + result.produced);
    expect(gunzipSync(written).equals(input)).toBe(true);
    expect(sourceList.list.length + destList.list.length).toBeGreaterThan(0);
  });

  it('refuses a misaligned SGL with BAD_REQUEST', async () => {
    const list = sgl([Buffer.alloc(100)]);
    const { sqe } = await run(
      v3,
      buildSqe({
        requestType: 1,
        bufferType: 1,
        source: list.address + 8n,
        sourceLength: 10,
        dest: list.address,
        destLength: 100,
      }),
    );
    expect(readResult(sqe).status).toBe(ZIP_STATUS.BAD_REQUEST);
  });
});

describe('limits and refusals', () => {
  it('refuses a flat input over 8 MiB', async () => {
    const dest = Buffer.alloc(64);
    const { sqe } = await run(
      v3,
      buildSqe({ requestType: 1, source: dest, sourceLength: 8 * 1024 * 1024 + 1, dest, destLength: 64 }),
    );
    expect(readResult(sqe).status).toBe(ZIP_STATUS.BAD_REQUEST);
  });

  it('ignores a request with less than 0x10 bytes of output space (status 0, nothing done)', async () => {
    const dest = Buffer.alloc(15, 0x77);
    const input = sample(100);
    const { sqe } = await run(
      v3,
      buildSqe({ requestType: 1, source: input, sourceLength: 100, dest, destLength: 15 }),
    );
    expect(readResult(sqe)).toMatchObject({ status: 0, consumed: 0, produced: 0 });
    expect(dest.equals(Buffer.alloc(15, 0x77))).toBe(true);
  });

  it('reports incompressible input as negative compression (0x0D, a success) with valid output', async () => {
    const input = randomBytes(4096);
    const dest = Buffer.alloc(8192);
    const { sqe } = await run(
      v3,
      buildSqe({ requestType: 1, source: input, sourceLength: input.length, dest, destLength: dest.length }),
    );
    const result = readResult(sqe);
    expect(result.status).toBe(ZIP_STATUS.NEGATIVE_COMPRESSION);
    expect(inflateRawSync(dest.subarray(0, result.produced)).equals(input)).toBe(true);
  });

  it('refuses a stateful request without a context address', async () => {
    const input = sample(100);
    const dest = Buffer.alloc(1000);
    const { sqe } = await run(
      v3,
      buildSqe({ requestType: 1, source: input, sourceLength: 100, dest, destLength: 1000, streamMode: 1 }),
    );
    expect(readResult(sqe).status).toBe(ZIP_STATUS.BAD_REQUEST);
  });

  it('a hisi_qm_v2 device refuses raw deflate and type 3 SQEs, and serves type 0 gzip', async () => {
    const own = await startEmulator({ api: 'hisi_qm_v2' });
    v2 = await RingClient.open(own, 'hisi_zip-0', 0);
    const input = sample(1000);
    const dest = Buffer.alloc(2000);
    const deflate = readResult(
      (
        await run(
          v2,
          buildSqe({ requestType: 1, sqeType: 0, source: input, sourceLength: 1000, dest, destLength: 2000 }),
        )
      ).sqe,
    );
    expect(deflate.status).toBe(ZIP_STATUS.BAD_REQUEST);
    const type3 = readResult(
      (
        await run(
          v2,
          buildSqe({ requestType: 3, sqeType: 3, source: input, sourceLength: 1000, dest, destLength: 2000 }),
        )
      ).sqe,
    );
    expect(type3.status).toBe(ZIP_STATUS.BAD_REQUEST);
    const gzip = readResult(
      (
        await run(
          v2,
          buildSqe({
            requestType: 3,
            sqeType: 0,
            source: input,
            sourceLength: 1000,
            dest,
            destLength: 2000,
            tag: 9,
          }),
        )
      ).sqe,
    );
    expect(gzip).toMatchObject({ status: ZIP_STATUS.OK, tag: 9 });
    expect(gunzipSync(Buffer.concat([GZIP_HEADER, dest.subarray(0, gzip.produced)])).equals(input)).toBe(
      true,
    );
    v2.close();
    await own.stop();
  });

  it('takes the direction from the queue: a decompression queue reads plain text as bad data', async () => {
    const input = sample(1000);
    const dest = Buffer.alloc(2000);
    const { sqe } = await run(
      v3Decompress,
      buildSqe({ requestType: 1, source: input, sourceLength: 1000, dest, destLength: 2000 }),
    );
    expect(readResult(sqe).status).toBe(ZIP_STATUS.BAD_DATA);
  });
});

describe('completion signalling', () => {
  it('raises {"ev":"poll"} once per batch of new completions (spec §2.5 shadow head)', async () => {
    const ring = await RingClient.open(emulator, 'hisi_zip-0', 0);
    try {
      const dest = Buffer.alloc(15);
      const bypass = buildSqe({ requestType: 1, source: dest, sourceLength: 0, dest, destLength: 0 });
      ring.submit(...Array.from({ length: 50 }, () => bypass));
      for (let i = 0; i < 50; i++) expect(await ring.receive()).toBeDefined();
      const queue = (await emulator.faults.queues('hisi_zip-0')).find((info) => info.id === ring.queueId)!;
      expect(queue.completed).toBe(50);
      expect(ring.connection.events).toEqual(['poll']);
    } finally {
      ring.close();
    }
  });

  it('toggles on every wrap: 2500 completions in batches, all seen in order', async () => {
    const dest = Buffer.alloc(15);
    const bypass = buildSqe({ requestType: 1, source: dest, sourceLength: 0, dest, destLength: 0 });
    let received = 0;
    for (let batch = 0; batch < 25; batch++) {
      const slots = v3.submit(...Array.from({ length: 100 }, () => bypass));
      for (const slot of slots) {
        const completion = await v3.receive();
        expect(completion?.slot).toBe(slot);
        received += 1;
      }
    }
    expect(received).toBe(2500);
  });
});
