// SPDX-License-Identifier: Apache-2.0
// The context state a stateful decompression request leaves (spec §4.6, §4.9, §7) through the
// ring: ctx_st 0x1/0x2/0x3, BFINAL, head bit count (ctx_dw0), stored length (ctx_dw1), window
// length (ctx_dw2), and the tail cache that needs one zero-input request to flush a final block.
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CTX_ST, type RunningEmulator, startEmulator, ZIP_STATUS } from '../src';
import { adler32 } from '../src/checksum';
import { RingClient } from './support/ring-client';
import { sample } from './support/sample';
import { buildSqe, readResult, type SqeResult } from './support/sqe-builder';

const RAW = 1;
const ZLIB = 2;

let emulator: RunningEmulator;
let client: RingClient;

beforeAll(async () => {
  emulator = await startEmulator({ queuesPerDevice: 2 });
  // qc_type 1: a decompression queue.
  client = await RingClient.open(emulator, 'hisi_zip-0', 1);
});

afterAll(async () => {
  client?.close();
  await emulator?.stop();
});

interface Step extends SqeResult {
  output: Buffer;
  ctxSt: number;
  bfinal: number;
  headBits: number;
  storeLength: number;
}

/** One stateful decompression stream on the device, request by request. */
class Stream {
  #context = Buffer.alloc(0x10000);
  #first = true;
  #words = { checksum: 0, isize: 0 };
  readonly outputs: Buffer[] = [];

  constructor(private readonly requestType: number) {}

  async step(input: Buffer, capacity = 4096): Promise<Step> {
    const dest = Buffer.alloc(capacity);
    const source = input.length > 0 ? input : Buffer.alloc(1);
    client.submit(
      buildSqe({
        requestType: this.requestType,
        source,
        sourceLength: input.length,
        dest,
        destLength: capacity,
        streamMode: 1,
        streamNew: this.#first ? 1 : 0,
        finish: 0,
        context: this.#context,
        ...this.#words,
      }),
    );
    const completion = await client.receive();
    expect(completion).toBeDefined();
    const result = readResult(completion!.sqe);
    this.#first = false;
    this.#words = { checksum: result.checksum, isize: result.isize };
    const output = Buffer.from(dest.subarray(0, result.produced));
    this.outputs.push(output);
    return {
      ...result,
      output,
      ctxSt: result.ctxDw0 & 0xf,
      bfinal: (result.ctxDw0 >>> 7) & 1,
      headBits: (result.ctxDw0 >>> 10) & 0x3f,
      storeLength: result.ctxDw1 & 0x7ffff,
    };
  }

  get output(): Buffer {
    return Buffer.concat(this.outputs);
  }

  /** The hardware context area (the device's DW22/23 points at its start). */
  get context(): Buffer {
    return this.#context;
  }

  /** Continues the stream from a copy of the context area at another address. */
  moveContext(): void {
    this.#context = Buffer.from(this.#context);
  }
}

/** Deflate bits: values LSB first, Huffman codes MSB first (RFC 1951 §3.1.1). */
class Bits {
  readonly bits: number[] = [];
  value(value: number, count: number): this {
    for (let index = 0; index < count; index++) this.bits.push((value >>> index) & 1);
    return this;
  }
  code(code: number, length: number): this {
    for (let index = length - 1; index >= 0; index--) this.bits.push((code >>> index) & 1);
    return this;
  }
  align(): this {
    while (this.bits.length % 8 !== 0) this.bits.push(0);
    return this;
  }
  /** A fixed-Huffman block header (BFINAL, BTYPE = 01). */
  fixed(final: boolean): this {
    return this.value(final ? 1 : 0, 1).value(1, 2);
  }
  literal(byte: number): this {
    return byte < 144 ? this.code(0x30 + byte, 8) : this.code(0x190 + byte - 144, 9);
  }
  /** Length 258 (symbol 285), distance 1 (code 0). */
  repeat258(): this {
    return this.code(0xc5, 8).code(0, 5);
  }
  endOfBlock(): this {
    return this.code(0, 7);
  }
  /** A stored block: header, padding, LEN/NLEN and the data. */
  stored(final: boolean, data: Buffer): this {
    this.value(final ? 1 : 0, 1)
      .value(0, 2)
      .align()
      .value(data.length, 16)
      .value(~data.length & 0xffff, 16);
    for (const byte of data) this.value(byte, 8);
    return this;
  }
  bytes(): Buffer {
    this.align();
    const out = Buffer.alloc(this.bits.length / 8);
    this.bits.forEach((bit, index) => {
      out[index >> 3] = (out[index >> 3] as number) | (bit << (index & 7));
    });
    return out;
  }
}

/** 100 stored bytes, then a final fixed block 'AB' short enough (32 bits) to be cached whole. */
function storedThenShortFinalBlock(): Buffer {
  return new Bits()
    .stored(false, sample(100, 8))
    .fixed(true)
    .literal(0x41)
    .literal(0x42)
    .endOfBlock()
    .bytes();
}

describe('ctx_st 0x3 (block not started) and the head bit count', () => {
  it('a split inside a dynamic block header caches the bits read since the block began', async () => {
    const data = sample(20_000, 4);
    const body = deflateRawSync(data);
    expect(((body[0] as number) >> 1) & 3).toBe(2); // a dynamic-Huffman block
    const stream = new Stream(RAW);
    // 24 bits: fewer than 40, the device has not started the block.
    const first = await stream.step(body.subarray(0, 3));
    expect(first).toMatchObject({ status: ZIP_STATUS.OK, consumed: 3, produced: 0 });
    expect(first).toMatchObject({
      ctxSt: CTX_ST.DECOMP_BLK_NOSTART,
      headBits: 24,
      bfinal: 0,
      storeLength: 0,
    });
    // 48 bits: decoding of the header began, still not complete.
    const second = await stream.step(body.subarray(3, 6));
    expect(second).toMatchObject({ status: ZIP_STATUS.OK, consumed: 3, produced: 0 });
    expect(second).toMatchObject({ ctxSt: CTX_ST.DECOMP_BLK_NOSTART, headBits: 48 });
    expect(second.bfinal).toBe((body[0] as number) & 1);
    const rest = await stream.step(body.subarray(6), 32_768);
    expect(rest).toMatchObject({ status: ZIP_STATUS.DECOMP_END, lstblk: 1, consumed: body.length - 6 });
    expect(rest).toMatchObject({ ctxSt: CTX_ST.NONE, headBits: 0, bfinal: 1, ctxDw2: 20_000 });
    expect(stream.output.equals(data)).toBe(true);
  });

  it('a split exactly at a block boundary reports 0x3 with no bits; two bytes later, 16 bits', async () => {
    const head = sample(1000, 1);
    const tail = sample(20_000, 2);
    const body = Buffer.concat([new Bits().stored(false, head).bytes(), deflateRawSync(tail)]);
    for (const [split, headBits] of [
      [1005, 0],
      [1007, 16],
    ] as const) {
      const stream = new Stream(RAW);
      const first = await stream.step(body.subarray(0, split));
      expect(first).toMatchObject({ status: ZIP_STATUS.OK, consumed: split, produced: 1000, ctxDw2: 1000 });
      expect(first).toMatchObject({ ctxSt: CTX_ST.DECOMP_BLK_NOSTART, headBits, bfinal: 0, storeLength: 0 });
      const rest = await stream.step(body.subarray(split), 32_768);
      expect(rest).toMatchObject({ status: ZIP_STATUS.DECOMP_END, lstblk: 1, consumed: body.length - split });
      expect(stream.output.equals(Buffer.concat([head, tail]))).toBe(true);
    }
  });
});

describe('stored blocks: ctx_dw1 store length', () => {
  it('a split inside a stored block leaves the remaining stored length pending', async () => {
    const head = sample(1000, 1);
    const tail = sample(5000, 2);
    for (const final of [false, true]) {
      const body = final
        ? new Bits().stored(true, head).bytes()
        : Buffer.concat([new Bits().stored(false, head).bytes(), deflateRawSync(tail)]);
      const stream = new Stream(RAW);
      const first = await stream.step(body.subarray(0, 305));
      expect(first).toMatchObject({ status: ZIP_STATUS.OK, consumed: 305, produced: 300 });
      expect(first).toMatchObject({
        ctxSt: CTX_ST.NONE,
        storeLength: 700,
        bfinal: final ? 1 : 0,
        headBits: 0,
      });
      const rest = await stream.step(body.subarray(305), 32_768);
      expect(rest).toMatchObject({ status: ZIP_STATUS.DECOMP_END, lstblk: 1, storeLength: 0 });
      expect(stream.output.equals(final ? head : Buffer.concat([head, tail]))).toBe(true);
    }
  });

  it('a split inside LEN/NLEN at the start of the stream is a cached block header', async () => {
    const body = new Bits().stored(true, sample(500, 3)).bytes();
    const stream = new Stream(RAW);
    const first = await stream.step(body.subarray(0, 3));
    expect(first).toMatchObject({ consumed: 3, produced: 0, ctxSt: CTX_ST.DECOMP_BLK_NOSTART, headBits: 24 });
    const rest = await stream.step(body.subarray(3));
    expect(rest).toMatchObject({ status: ZIP_STATUS.DECOMP_END, lstblk: 1 });
    expect(stream.output.equals(sample(500, 3))).toBe(true);
  });
});

describe('no output space: ctx_st 0x2 and 0x1', () => {
  it('output full inside a stored block with input left is 0x2 with the stored length', async () => {
    const head = sample(1000, 1);
    const tail = sample(5000, 2);
    const body = Buffer.concat([new Bits().stored(false, head).bytes(), deflateRawSync(tail)]);
    const stream = new Stream(RAW);
    const first = await stream.step(body, 300);
    expect(first).toMatchObject({ status: ZIP_STATUS.OK, consumed: 305, produced: 300 });
    expect(first).toMatchObject({ ctxSt: CTX_ST.DECOMPING_NO_SPACE, storeLength: 700, bfinal: 0 });
    const rest = await stream.step(body.subarray(305), 32_768);
    expect(rest).toMatchObject({ status: ZIP_STATUS.DECOMP_END, lstblk: 1 });
    expect(stream.output.equals(Buffer.concat([head, tail]))).toBe(true);
  });

  it('output full inside a Huffman block with input left is 0x2', async () => {
    const data = sample(50_000, 6);
    const body = deflateRawSync(data);
    const stream = new Stream(RAW);
    const first = await stream.step(body, 1000);
    expect(first.consumed).toBeLessThan(body.length);
    expect(first).toMatchObject({ status: ZIP_STATUS.OK, produced: 1000, ctxSt: CTX_ST.DECOMPING_NO_SPACE });
    await stream.step(body.subarray(first.consumed), 65_536);
    expect(stream.output.equals(data)).toBe(true);
  });

  it('output full in the last block with all input read is 0x1; a zero-input request goes on', async () => {
    // Final fixed block: literal 0, then length 258 distance 1 four times (13 bits each). The
    // first 7 bytes hold the literal, three matches and 6 bits of the fourth.
    const bits = new Bits().fixed(true).literal(0);
    for (let match = 0; match < 4; match++) bits.repeat258();
    const body = bits.endOfBlock().bytes();
    const stream = new Stream(RAW);
    const first = await stream.step(body.subarray(0, 7), 1 + 2 * 258 + 100);
    expect(first).toMatchObject({ status: ZIP_STATUS.OK, consumed: 7, produced: 617 });
    expect(first).toMatchObject({ ctxSt: CTX_ST.DECOMP_NO_SPACE, bfinal: 1 });
    const drained = await stream.step(Buffer.alloc(0));
    expect(drained).toMatchObject({ status: ZIP_STATUS.OK, consumed: 0, produced: 158, ctxSt: CTX_ST.NONE });
    const rest = await stream.step(body.subarray(7));
    expect(rest).toMatchObject({ status: ZIP_STATUS.DECOMP_END, lstblk: 1, produced: 258 });
    expect(stream.output.equals(Buffer.alloc(1 + 4 * 258))).toBe(true);
  });
});

describe('a cached complete final block needs one zero-input request (spec §7)', () => {
  it('a short final fixed block after a stored block is cached, then flushed', async () => {
    const body = storedThenShortFinalBlock();
    expect(body.length).toBe(109);
    const stream = new Stream(RAW);
    const first = await stream.step(body);
    expect(first).toMatchObject({ status: ZIP_STATUS.OK, lstblk: 0, consumed: 109, produced: 100 });
    expect(first).toMatchObject({ ctxSt: CTX_ST.DECOMP_BLK_NOSTART, headBits: 32, bfinal: 0 });
    const flushed = await stream.step(Buffer.alloc(0));
    expect(flushed).toMatchObject({ status: ZIP_STATUS.DECOMP_END, lstblk: 1, consumed: 0, produced: 2 });
    expect(stream.output.equals(Buffer.concat([sample(100, 8), Buffer.from('AB')]))).toBe(true);
  });

  it('an empty final stored block whose LEN/NLEN arrive in a later request', async () => {
    // Fixed block 'x' + end (18 bits), then the final stored block: 3 bits, 3 of padding, LEN/NLEN.
    const body = new Bits().fixed(false).literal(0x78).endOfBlock().stored(true, Buffer.alloc(0)).bytes();
    expect(body.length).toBe(7);
    const stream = new Stream(RAW);
    // 24 bits at the start of the stream: all cached, nothing decoded.
    const first = await stream.step(body.subarray(0, 3));
    expect(first).toMatchObject({ status: ZIP_STATUS.OK, consumed: 3, produced: 0 });
    expect(first).toMatchObject({ ctxSt: CTX_ST.DECOMP_BLK_NOSTART, headBits: 24 });
    // A zero-input request decodes the complete block 'x' and keeps the 6 bits that start the next.
    const flushed = await stream.step(Buffer.alloc(0));
    expect(flushed).toMatchObject({ status: ZIP_STATUS.OK, consumed: 0, produced: 1, headBits: 6 });
    expect(flushed.ctxSt).toBe(CTX_ST.DECOMP_BLK_NOSTART);
    // Nothing complete left in the cache: another zero-input request changes nothing.
    const idle = await stream.step(Buffer.alloc(0));
    expect(idle).toMatchObject({ status: ZIP_STATUS.OK, consumed: 0, produced: 0, headBits: 6 });
    const second = await stream.step(body.subarray(3));
    expect(second).toMatchObject({ status: ZIP_STATUS.OK, lstblk: 0, consumed: 4, produced: 0 });
    expect(second).toMatchObject({ ctxSt: CTX_ST.DECOMP_BLK_NOSTART, headBits: 38 });
    const last = await stream.step(Buffer.alloc(0));
    expect(last).toMatchObject({ status: ZIP_STATUS.DECOMP_END, lstblk: 1, consumed: 0, produced: 0 });
    expect(stream.output.equals(Buffer.from('x'))).toBe(true);
  });

  it('the cache stops at the end of the deflate stream: zlib trailer bytes stay unconsumed', async () => {
    const deflate = new Bits().fixed(true).literal(0x68).endOfBlock().bytes();
    const trailer = Buffer.alloc(4);
    trailer.writeUInt32BE(adler32(1, Buffer.from('h')));
    const body = Buffer.concat([deflate, trailer]);
    const stream = new Stream(ZLIB);
    const first = await stream.step(body.subarray(0, 4));
    expect(first).toMatchObject({ status: ZIP_STATUS.OK, consumed: 3, produced: 0 });
    expect(first).toMatchObject({ ctxSt: CTX_ST.DECOMP_BLK_NOSTART, headBits: 24 });
    const rest = await stream.step(body.subarray(3));
    expect(rest).toMatchObject({ status: ZIP_STATUS.DECOMP_END, lstblk: 1, consumed: 4, produced: 1 });
    expect(stream.output.equals(Buffer.from('h'))).toBe(true);
  });
});

/** Deterministic incompressible bytes. */
function noise(size: number, seed: number): Buffer {
  const out = Buffer.alloc(size);
  let state = seed;
  for (let index = 0; index < size; index++) {
    state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
    out[index] = state >>> 23;
  }
  return out;
}

/** Hardware-context offsets of spec §4.7 (and the emulator's layout, context-area.ts). */
const HISTORY = 0xc00;
const tailAt = (windowLength: number) => HISTORY + ((windowLength + 15) & ~15);

describe('the history window and the tail cache live in the client context area (spec §4.7, §6.11)', () => {
  it('after each request the area holds the last min(total, 32 KiB) output bytes at +0xC00', async () => {
    const data = sample(100_000, 9);
    const body = deflateRawSync(data);
    const stream = new Stream(RAW);
    let offset = 0;
    let requests = 0;
    while (offset < body.length) {
      const step = await stream.step(body.subarray(offset, offset + 3000), 12_000);
      offset += step.consumed;
      requests += 1;
      const total = stream.output.length;
      expect(step.ctxDw2).toBe(Math.min(total, 32_768));
      const history = stream.context.subarray(HISTORY, HISTORY + step.ctxDw2);
      expect(history.equals(stream.output.subarray(total - step.ctxDw2))).toBe(true);
      if (step.status === ZIP_STATUS.DECOMP_END) break;
    }
    expect(requests).toBeGreaterThan(5);
    expect(stream.output.equals(data)).toBe(true);
  });

  it("back-references resolve against the client's copy: corrupting it changes the output", async () => {
    // 8000 incompressible bytes stored, then a final fixed block copying them: 31 matches of
    // length 258 at distance 8000 (code 25, 11 extra bits = 1855) and the last 2 bytes as literals.
    const half = noise(8000, 3);
    const bits = new Bits().stored(false, half).fixed(true);
    for (let match = 0; match < 31; match++)
      bits
        .code(0xc5, 8)
        .code(25, 5)
        .value(8000 - 6145, 11);
    const body = bits
      .literal(half[7998] as number)
      .literal(half[7999] as number)
      .endOfBlock()
      .bytes();
    const data = Buffer.concat([half, half]);
    expect(inflateRawSync(body).equals(data)).toBe(true);
    for (const corrupt of [false, true]) {
      const stream = new Stream(RAW);
      // The stored header and 4000 bytes: the second request's matches reach back into them.
      const first = await stream.step(body.subarray(0, 4005), 65_536);
      expect(first).toMatchObject({ consumed: 4005, produced: 4000, ctxDw2: 4000 });
      const history = stream.context.subarray(HISTORY, HISTORY + 4000);
      expect(history.equals(half.subarray(0, 4000))).toBe(true);
      if (corrupt) history.set(history.map((byte) => byte ^ 0xff));
      const rest = await stream.step(body.subarray(4005), 65_536);
      expect(rest).toMatchObject({ status: ZIP_STATUS.DECOMP_END, lstblk: 1, produced: 12_000 });
      // The first 4000 bytes of the copy come from the client's history, corrupted or not.
      const expected = Buffer.concat([half, history, half.subarray(4000)]);
      expect(stream.output.equals(expected)).toBe(true);
      expect(stream.output.equals(data)).toBe(!corrupt);
    }
  });

  it('a copy of the whole area at another address continues the stream', async () => {
    const data = Buffer.concat([noise(8000, 5), noise(8000, 5)]);
    const body = deflateRawSync(data);
    const stream = new Stream(RAW);
    const first = await stream.step(body.subarray(0, 4000), 65_536);
    stream.moveContext();
    const rest = await stream.step(body.subarray(first.consumed), 65_536);
    expect(rest).toMatchObject({ status: ZIP_STATUS.DECOMP_END, lstblk: 1 });
    expect(stream.output.equals(data)).toBe(true);
  });

  it('ctx_st 0x3: the cached block bytes are at +0xC00 + align16(window length) and are used', async () => {
    const body = storedThenShortFinalBlock();
    for (const corrupt of [false, true]) {
      const stream = new Stream(RAW);
      const first = await stream.step(body);
      expect(first).toMatchObject({ ctxSt: CTX_ST.DECOMP_BLK_NOSTART, headBits: 32, ctxDw2: 100 });
      const cached = stream.context.subarray(tailAt(100), tailAt(100) + 8);
      expect(tailAt(100)).toBe(0xc00 + 112);
      expect(cached.equals(Buffer.concat([body.subarray(105), Buffer.alloc(4)]))).toBe(true);
      // Stream bit 8 of the block is a bit of the code of 'A' (0x71): flipped it is 0x75, 'E'.
      if (corrupt) cached.writeUInt8(cached.readUInt8(1) ^ 0x01, 1);
      const flushed = await stream.step(Buffer.alloc(0));
      expect(flushed).toMatchObject({ status: ZIP_STATUS.DECOMP_END, lstblk: 1, produced: 2 });
      expect(flushed.output.toString('latin1')).toBe(corrupt ? 'EB' : 'AB');
    }
  });

  it('cached bits that do not start on a byte boundary are packed LSB first after the history', async () => {
    // Fixed block 'x' + end (18 bits), then the final empty stored block (3 bits, padding, LEN/NLEN).
    const body = new Bits().fixed(false).literal(0x78).endOfBlock().stored(true, Buffer.alloc(0)).bytes();
    const bits = (from: number, count: number): bigint =>
      (BigInt(`0x${Buffer.from(body).reverse().toString('hex')}`) >> BigInt(from)) &
      ((1n << BigInt(count)) - 1n);
    for (const corrupt of [false, true]) {
      const stream = new Stream(RAW);
      await stream.step(body.subarray(0, 3));
      // 24 bits cached at the stream start (no history yet: right at +0xC00).
      expect(stream.context.readBigUInt64LE(tailAt(0))).toBe(bits(0, 24));
      const flushed = await stream.step(Buffer.alloc(0));
      expect(flushed).toMatchObject({
        produced: 1,
        headBits: 6,
        ctxDw2: 1,
        ctxSt: CTX_ST.DECOMP_BLK_NOSTART,
      });
      expect(stream.context.readBigUInt64LE(tailAt(1))).toBe(bits(18, 6));
      const second = await stream.step(body.subarray(3));
      expect(second).toMatchObject({ headBits: 38, ctxSt: CTX_ST.DECOMP_BLK_NOSTART });
      expect(stream.context.readBigUInt64LE(tailAt(1))).toBe(bits(18, 38));
      // Clearing BFINAL (the first cached bit) makes the empty stored block a non-final one.
      if (corrupt) stream.context.writeUInt8(stream.context.readUInt8(tailAt(1)) ^ 0x01, tailAt(1));
      const last = await stream.step(Buffer.alloc(0));
      expect(last).toMatchObject({
        status: corrupt ? ZIP_STATUS.OK : ZIP_STATUS.DECOMP_END,
        lstblk: corrupt ? 0 : 1,
        produced: 0,
      });
      expect(stream.output.equals(Buffer.from('x'))).toBe(true);
    }
  });
});
