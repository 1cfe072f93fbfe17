// SPDX-License-Identifier: Apache-2.0
import { encodeSgl, SGL_MAX_ENTRIES, sglByteLength, UacceDeviceError } from '@uacce/abi';
import { encodeZipSqe } from '@uacce/abi/testing';
import { describe, expect, it } from 'vitest';
import { exchange } from '../src/descriptor';
import { describeBuffers } from '../src/device-input';
import { HardwareProfile } from '../src/hardware-profile';

/** Fake SVA: each ArrayBuffer at its own base, deliberately not 64-byte aligned. */
function fakeAddresses() {
  const bases = new Map<ArrayBufferLike, bigint>();
  let next = 0x20_0000_0010n;
  return (view: Uint8Array): bigint => {
    let base = bases.get(view.buffer);
    if (base === undefined) {
      base = next;
      next += 0x1_0000_0000n;
      bases.set(view.buffer, base);
    }
    return base + BigInt(view.byteOffset);
  };
}

/** The SGL at `address` inside `memory`, as many bytes as a 255-entry SGL has. */
function sglAt(memory: Uint8Array, addressOf: (view: Uint8Array) => bigint, address: bigint): Uint8Array {
  const offset = Number(address - addressOf(memory));
  return memory.subarray(offset, offset + sglByteLength(SGL_MAX_ENTRIES));
}

function expected(views: Uint8Array[], addressOf: (view: Uint8Array) => bigint): Uint8Array {
  return encodeSgl({
    next: 0n,
    entries: views.map((view) => ({ address: addressOf(view), length: view.length })),
    capacity: SGL_MAX_ENTRIES,
  });
}

describe('pooled SGL memory', () => {
  it('writes the bytes encodeSgl writes, aligned, for input and output', () => {
    const addressOf = fakeAddresses();
    const views = [new Uint8Array(3), new Uint8Array(5), new Uint8Array(7)];
    const output = new Uint8Array(64);
    const buffers = describeBuffers(views, output, addressOf);
    const memory = buffers.keepAlive[0] as Uint8Array;
    expect(buffers.source % 64n).toBe(0n);
    expect(buffers.dest % 64n).toBe(0n);
    expect(sglAt(memory, addressOf, buffers.source)).toEqual(expected(views, addressOf));
    expect(sglAt(memory, addressOf, buffers.dest)).toEqual(expected([output], addressOf));
    expect(buffers.keepAlive).toEqual(expect.arrayContaining([...views, output]));
  });

  it('reuses memory only after release, and clears entries a longer list left behind', () => {
    const addressOf = fakeAddresses();
    const long = Array.from({ length: 9 }, (_, index) => new Uint8Array(index + 1));
    const first = describeBuffers(long, new Uint8Array(8), addressOf);
    const held = describeBuffers(long, new Uint8Array(8), addressOf);
    expect(held.keepAlive[0]).not.toBe(first.keepAlive[0]);
    first.release?.();
    const short = [new Uint8Array(2), new Uint8Array(4)];
    const again = describeBuffers(short, new Uint8Array(8), addressOf);
    const memory = again.keepAlive[0] as Uint8Array;
    expect(memory).toBe(first.keepAlive[0]);
    expect(sglAt(memory, addressOf, again.source)).toEqual(expected(short, addressOf));
  });

  it('keeps separate pools per address space', () => {
    const one = fakeAddresses();
    const two = fakeAddresses();
    const views = [new Uint8Array(1), new Uint8Array(1)];
    const first = describeBuffers(views, new Uint8Array(8), one);
    first.release?.();
    expect(describeBuffers(views, new Uint8Array(8), two).keepAlive[0]).not.toBe(first.keepAlive[0]);
  });
});

describe('exchange and pooled SGLs', () => {
  const plan = new HardwareProfile(3, ['zlib', 'gzip', 'deflate']).plan('gzip');

  /** Sends one SGL descriptor; the device answers with `answerTag(tag)`. Returns its SGL memory. */
  function send(addressOf: (view: Uint8Array) => bigint, answerTag: (tag: number) => number) {
    let tag = 0;
    const device = { addressOf, nextTag: () => ++tag };
    const buffers = describeBuffers([new Uint8Array(4), new Uint8Array(4)], new Uint8Array(4096), addressOf);
    const operation = exchange(device, { plan, buffers, destAvailOut: 4096, windowSize: 0 });
    operation.next();
    const completion = encodeZipSqe({ sqeType: plan.sqeType, tag: answerTag(tag), consumed: 8, produced: 1 });
    let error: unknown;
    try {
      operation.next(completion);
    } catch (thrown) {
      error = thrown;
    }
    return { memory: buffers.keepAlive[0], error };
  }

  it('returns the memory once the completion is ours, and drops it when it is not', () => {
    const addressOf = fakeAddresses();
    const ok = send(addressOf, (tag) => tag);
    expect(ok.error).toBeUndefined();
    const bad = send(addressOf, (tag) => tag + 1);
    expect(bad.memory).toBe(ok.memory);
    expect(bad.error).toBeInstanceOf(UacceDeviceError);
    expect(bad.error).toMatchObject({ code: 'ERR_UACCE_BAD_COMPLETION' });
    // The failed descriptor's memory may still be read by the device: it is never handed out again.
    expect(send(addressOf, (tag) => tag).memory).not.toBe(bad.memory);
  });
});
