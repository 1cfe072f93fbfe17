// SPDX-License-Identifier: Apache-2.0
// Driver cost per descriptor against a device that completes at once: building the SQE (flat and
// SGL input), running the operation generator, reading the completion back. No queue, no device.
// The fake device answers as qm does: a copy of the completed slot in a pooled Buffer (encoding a
// fresh SQE per answer would bill the device's cost to the driver).
import { ZIP_SQE_SIZE, ZIP_SQE_TAG_OFFSET_V3 } from '@uacce/abi';
import { encodeZipSqe } from '@uacce/abi/testing';
import { bench, describe } from 'vitest';
import { compressBlock } from '../src/block';
import { CompressStream } from '../src/compress-stream';
import { DecompressStream } from '../src/decompress-stream';
import { HardwareProfile } from '../src/hardware-profile';
import type { Operation } from '../src/operation';

const profile = new HardwareProfile(3, ['zlib', 'gzip', 'deflate']);
const gzip = profile.plan('gzip');
let tag = 0;
let address = 0x10000n;
const device = { addressOf: () => (address += 4096n), nextTag: () => (tag = (tag + 1) >>> 0) };
const input = new Uint8Array(8192);
const pieces = Array.from({ length: 8 }, () => new Uint8Array(1024));
// A successful stateless/stateful answer: all 8 KiB consumed, 100 bytes produced.
const answer = encodeZipSqe({ sqeType: 3, consumed: 8192, produced: 100, status: 0 });
const answerView = new DataView(answer.buffer);

function complete(): Uint8Array {
  answerView.setUint32(ZIP_SQE_TAG_OFFSET_V3, tag, true);
  const copy = Buffer.allocUnsafe(ZIP_SQE_SIZE);
  copy.set(answer);
  return copy;
}

function run<T>(operation: Operation<T>): T {
  let step = operation.next();
  while (!step.done) step = operation.next(complete());
  return step.value;
}

const blockOptions = { format: 'gzip' as const, plan: gzip, level: 6, windowBits: 15 };
const compressor = new CompressStream(device, blockOptions);
const decompressor = new DecompressStream(device, {
  format: 'deflate-raw',
  plan: profile.plan('deflate-raw'),
  windowBits: 15,
  maxOutputLength: Number.MAX_SAFE_INTEGER,
  initialOutput: 1 << 20,
});

describe('driver overhead per descriptor', () => {
  bench('block compress, flat 8 KiB input', () => {
    run(compressBlock(device, blockOptions, [input]));
  });
  bench('block compress, 8 pieces through an SGL', () => {
    run(compressBlock(device, blockOptions, pieces));
  });
  bench('session compress, 8 KiB sync write', () => {
    run(compressor.write([input], 'sync'));
  });
  bench('session decompress, 8 KiB write', () => {
    run(decompressor.write([input], false));
  });
});
