// SPDX-License-Identifier: Apache-2.0
import { SGL_MAX_ENTRIES } from '@uacce/abi';
import { decodeSgl } from '@uacce/abi/testing';
import { describe, expect, it } from 'vitest';
import { describeBuffers } from '../src/device-input';

/** Fake SVA: every ArrayBuffer gets a base address (deliberately not 64-byte aligned). */
function fakeAddresses() {
  const bases = new Map<ArrayBufferLike, bigint>();
  let next = 0x10_0000_0008n;
  const addressOf = (view: Uint8Array): bigint => {
    let base = bases.get(view.buffer);
    if (base === undefined) {
      base = next;
      next += 0x1_0000_0000n;
      bases.set(view.buffer, base);
    }
    return base + BigInt(view.byteOffset);
  };
  return { addressOf, bases };
}

/** Reads the SGL chain starting at `address` back through the fake address space. */
function walk(memory: Uint8Array, memoryBase: bigint, address: bigint) {
  const entries: { address: bigint; length: number }[] = [];
  for (let at = address; at !== 0n; ) {
    expect(at % 64n).toBe(0n);
    const offset = Number(at - memoryBase);
    const sgl = decodeSgl(memory.subarray(offset));
    entries.push(...sgl.entries);
    at = sgl.next;
  }
  return entries;
}

describe('describeBuffers', () => {
  it('uses flat buffers for one input view', () => {
    const { addressOf } = fakeAddresses();
    const input = new Uint8Array(10);
    const output = new Uint8Array(20);
    const buffers = describeBuffers([input], output, addressOf);
    expect(buffers).toMatchObject({
      bufferType: 0,
      source: addressOf(input),
      dest: addressOf(output),
      length: 10,
    });
  });

  it('names the output as source of an empty input (the device needs a valid address)', () => {
    const { addressOf } = fakeAddresses();
    const output = new Uint8Array(20);
    expect(describeBuffers([], output, addressOf)).toMatchObject({
      bufferType: 0,
      source: addressOf(output),
      length: 0,
    });
  });

  it('chains SGLs of at most 255 entries, aligned, for many views, with a one-entry output SGL', () => {
    const { addressOf } = fakeAddresses();
    const views = Array.from({ length: 600 }, (_, index) => new Uint8Array(index + 1));
    const output = new Uint8Array(100);
    const buffers = describeBuffers(views, output, addressOf);
    expect(buffers.bufferType).toBe(1);
    expect(buffers.length).toBe((600 * 601) / 2);
    const memory = buffers.keepAlive[0] as Uint8Array;
    const entries = walk(memory, addressOf(memory), buffers.source);
    expect(entries).toEqual(views.map((view) => ({ address: addressOf(view), length: view.length })));
    expect(Math.ceil(600 / SGL_MAX_ENTRIES)).toBe(3);
    const outputMemory = buffers.keepAlive[1] as Uint8Array;
    expect(walk(outputMemory, addressOf(outputMemory), buffers.dest)).toEqual([
      { address: addressOf(output), length: 100 },
    ]);
    expect(buffers.keepAlive).toContain(output);
    for (const view of views) expect(buffers.keepAlive).toContain(view);
  });
});
