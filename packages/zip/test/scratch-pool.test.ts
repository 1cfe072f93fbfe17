// SPDX-License-Identifier: Apache-2.0
import { UacceDeviceError } from '@uacce/abi';
import { decodeZipSqe, encodeZipSqe } from '@uacce/abi/testing';
import { describe, expect, it } from 'vitest';
import { compressBlock } from '../src/block';
import { CompressStream } from '../src/compress-stream';
import { HardwareProfile } from '../src/hardware-profile';
import type { Operation } from '../src/operation';

const plan = new HardwareProfile(3, ['zlib', 'gzip', 'deflate']).plan('deflate-raw');
const options = { format: 'deflate-raw' as const, plan, level: 6, windowBits: 15 };

/** A fake device with an address space: it writes `fill` bytes into the request's destination. */
function fakeDevice() {
  const views = new Map<bigint, Uint8Array>();
  let next = 0x40_0000_0000n;
  let tag = 0;
  const destinations: Uint8Array[] = [];
  const device = {
    addressOf: (view: Uint8Array): bigint => {
      next += 0x10_0000n;
      views.set(next, view);
      return next;
    },
    nextTag: () => ++tag,
  };
  /** Runs `operation`, answering each request with `produced` bytes of `fill` (and `tagOffset`). */
  function run<T>(operation: Operation<T>, produced: number, fill: number, tagOffset = 0): T {
    let step = operation.next();
    while (!step.done) {
      const sqe = decodeZipSqe(step.value.sqe);
      const dest = views.get(sqe.destAddress) as Uint8Array;
      destinations.push(dest);
      dest.fill(fill, 0, produced);
      const done = encodeZipSqe({
        sqeType: sqe.sqeType,
        tag: sqe.tag + tagOffset,
        consumed: sqe.inputDataLength,
        produced,
      });
      step = operation.next(done);
    }
    return step.value;
  }
  return { device, run, destinations };
}

describe('block compression into pooled scratch', () => {
  it('returns results of their own: a later call reusing the scratch leaves them intact', () => {
    const { device, run, destinations } = fakeDevice();
    const first = run(compressBlock(device, options, [new Uint8Array(1000)]), 10, 0xaa);
    const second = run(compressBlock(device, options, [new Uint8Array(1000)]), 20, 0xbb);
    expect(destinations[1]?.buffer).toBe(destinations[0]?.buffer);
    expect(first).toEqual(Buffer.alloc(10, 0xaa));
    expect(second).toEqual(Buffer.alloc(20, 0xbb));
  });

  it('never hands out scratch again whose completion was not ours', () => {
    const { device, run, destinations } = fakeDevice();
    expect(() => run(compressBlock(device, options, [new Uint8Array(100)]), 5, 1, 1)).toThrow(
      UacceDeviceError,
    );
    run(compressBlock(device, options, [new Uint8Array(100)]), 5, 2);
    expect(destinations[1]?.buffer).not.toBe(destinations[0]?.buffer);
  });

  it('sends large inputs to an output of their own, returned without a copy', () => {
    const { device, run, destinations } = fakeDevice();
    const input = new Uint8Array(256 * 1024);
    const result = run(compressBlock(device, options, [input]), 200 * 1024, 7);
    expect(result.buffer).toBe(destinations[0]?.buffer);
    expect(result.length).toBe(200 * 1024);
  });
});

describe('compression session output space', () => {
  it('carves small outputs from one buffer without overwriting what it handed out', () => {
    const { device, run, destinations } = fakeDevice();
    const stream = new CompressStream(device, options);
    const first = run(stream.write([new Uint8Array(1000)], 'sync'), 10, 0xaa);
    const second = run(stream.write([new Uint8Array(1000)], 'sync'), 20, 0xbb);
    expect(destinations[1]?.buffer).toBe(destinations[0]?.buffer);
    expect(Buffer.concat(first)).toEqual(Buffer.alloc(10, 0xaa));
    expect(Buffer.concat(second)).toEqual(Buffer.alloc(20, 0xbb));
  });
});
