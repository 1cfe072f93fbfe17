// SPDX-License-Identifier: Apache-2.0
// Descriptor-level behaviour through the ring: write-back confined to the hardware words, SGLs
// with offsets, limits, refusals, bypass, negative compression, and CQ phase across wraps.
import { randomBytes } from 'node:crypto';
import { gunzipSync, inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeDoorbell, type RunningEmulator, startEmulator, ZIP_STATUS } from '../src';
import { RingClient } from './support/ring-client';
import { sample } from './support/sample';
import { buildSgl, buildSqe, readResult } from './support/sqe-builder';

const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]);
const HARDWARE_WORDS = new Set([0, 1, 2, 3, 15, 28, 29, 30, 31]);

let emulator: RunningEmulator;
let v3: RingClient;
let v3Decompress: RingClient;
let v2: RingClient;
// SGLs the device reads by address: kept reachable until the suite ends.
const retained: unknown[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ devices: 1, api: 'hisi_qm_v3', queuesPerDevice: 8 });
  v3 = await RingClient.open(emulator, 'hisi_zip-0', 0);
  v3Decompress = await RingClient.open(emulator, 'hisi_zip-0', 1);
});

afterAll(async () => {
  for (const ring of [v3, v3Decompress, v2]) ring?.close();
  retained.length = 0;
  await emulator?.stop();
});

async function run(ring: RingClient, sqe: Buffer) {
  ring.submit(sqe);
  const completion = await ring.receive();
  expect(completion).toBeDefined();
  return completion!;
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
    const sourceList = buildSgl(source);
    const destList = buildSgl(dests);
    retained.push(sourceList, destList);
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
  });

  it('follows next_dma through a chain of SGLs, both directions', async () => {
    const input = sample(40_000, 11);
    const pieces = [input.subarray(0, 9000), input.subarray(9000, 25_000), input.subarray(25_000)];
    const tail = buildSgl(pieces.slice(1));
    retained.push(tail);
    const head = buildSgl(pieces.slice(0, 1), tail.address);
    retained.push(head);
    const dests = [Buffer.alloc(2000), Buffer.alloc(50_000)];
    const destTail = buildSgl(dests.slice(1));
    const destHead = buildSgl(dests.slice(0, 1), destTail.address);
    retained.push(destTail, destHead);
    const compressed = readResult(
      (
        await run(
          v3,
          buildSqe({
            requestType: 1,
            bufferType: 1,
            source: head.address,
            sourceLength: input.length,
            dest: destHead.address,
            destLength: 52_000,
          }),
        )
      ).sqe,
    );
    expect(compressed.status).toBe(ZIP_STATUS.OK);
    const body = Buffer.concat(dests).subarray(0, compressed.produced);
    expect(inflateRawSync(body).equals(input)).toBe(true);

    // Back through the decompression queue: compressed body split across a chain, output likewise.
    const outs = [Buffer.alloc(30_000), Buffer.alloc(20_000)];
    const outTail = buildSgl(outs.slice(1));
    const outHead = buildSgl(outs.slice(0, 1), outTail.address);
    const inTail = buildSgl([body.subarray(100)]);
    const inHead = buildSgl([body.subarray(0, 100)], inTail.address);
    retained.push(outTail, outHead, inTail, inHead);
    const restored = readResult(
      (
        await run(
          v3Decompress,
          buildSqe({
            requestType: 1,
            bufferType: 1,
            source: inHead.address,
            sourceLength: body.length,
            dest: outHead.address,
            destLength: 50_000,
          }),
        )
      ).sqe,
    );
    expect(restored).toMatchObject({ status: ZIP_STATUS.OK, lstblk: 1, consumed: body.length });
    expect(Buffer.concat(outs).subarray(0, restored.produced).equals(input)).toBe(true);
  });

  it('refuses a misaligned SGL with BAD_REQUEST', async () => {
    const list = buildSgl([Buffer.alloc(100)]);
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

describe('a client reaches only its own queue', () => {
  it('ignores a doorbell that names another queue', async () => {
    const other = await RingClient.open(emulator, 'hisi_zip-0', 0);
    try {
      const dest = Buffer.alloc(15);
      const bypass = buildSqe({ requestType: 1, source: dest, sourceLength: 0, dest, destLength: 0 });
      // The other client has an SQE in slot 0 and has not rung for it.
      bypass.copy(other.dus, 0);
      const before = (await emulator.faults.queues('hisi_zip-0')).find((info) => info.id === v3.queueId)!;
      const foreign = encodeDoorbell({ queue: other.queueId, command: 0, index: 1, priority: 0 });
      v3.native.mmioStore64(v3.mmio, 0x1000, foreign);
      let own = before;
      for (let i = 0; i < 200 && own.doorbell !== `0x${foreign.toString(16)}`; i++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        own = (await emulator.faults.queues('hisi_zip-0')).find((info) => info.id === v3.queueId)!;
      }
      // The device has read the value from this client's register, and it moved no queue.
      expect(own.doorbell).toBe(`0x${foreign.toString(16)}`);
      expect(own.sqTail).toBe(before.sqTail);
      const target = (await emulator.faults.queues('hisi_zip-0')).find((info) => info.id === other.queueId)!;
      expect(target).toMatchObject({ sqTail: 0, completed: 0 });
      expect(other.tryReceive()).toBeUndefined();
    } finally {
      other.close();
    }
  });
});

describe('CQ overflow (spec §6 item 7)', () => {
  it('more than depth − 1 outstanding SQEs sets ds_tx and ds_rx and disables the queue', async () => {
    const ring = await RingClient.open(emulator, 'hisi_zip-0', 0);
    try {
      await emulator.faults.stall('hisi_zip-0', ring.queueId);
      const dest = Buffer.alloc(15);
      const bypass = buildSqe({ requestType: 1, source: dest, sourceLength: 0, dest, destLength: 0 });
      const sqTail = async () =>
        (await emulator.faults.queues('hisi_zip-0')).find((info) => info.id === ring.queueId)!.sqTail;
      ring.submit(...Array.from({ length: 1000 }, () => bypass));
      for (let i = 0; i < 200 && (await sqTail()) !== 1000; i++) await new Promise((r) => setTimeout(r, 10));
      ring.submit(...Array.from({ length: 100 }, () => bypass));
      for (let i = 0; i < 200 && (await sqTail()) !== 1100; i++) await new Promise((r) => setTimeout(r, 10));
      expect(await sqTail()).toBe(1100);
      await emulator.faults.unstall('hisi_zip-0', ring.queueId);
      for (let i = 0; i < 200 && ring.statusWords().rx !== 1; i++) await ring.connection.nextEvent(10);
      expect(ring.statusWords()).toEqual({ rx: 1, tx: 1 });
      const queue = (await emulator.faults.queues('hisi_zip-0')).find((info) => info.id === ring.queueId)!;
      expect(queue).toMatchObject({ disabled: true, completed: 0 });
      expect(ring.tryReceive()).toBeUndefined();
    } finally {
      ring.close();
    }
  });
});
