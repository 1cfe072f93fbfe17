// SPDX-License-Identifier: Apache-2.0
// Driver cost per descriptor against a device that completes at once: building the SQE (flat and
// SGL input), running the operation generator, reading the completion back. No queue, no device.
import { encodeZipSqe } from '@uacce/abi';
import { bench, describe } from 'vitest';
import { compressBlock } from '../src/block';
import { HardwareProfile } from '../src/hardware-profile';

const profile = new HardwareProfile(3, ['zlib', 'gzip', 'deflate']);
const plan = profile.plan('gzip');
let tag = 0;
let address = 0x10000n;
const device = { addressOf: () => (address += 4096n), nextTag: () => ++tag };
const input = new Uint8Array(8192);
const pieces = Array.from({ length: 8 }, () => new Uint8Array(1024));

/** Answers every descriptor as a successful stateless compression of everything. */
function run(chunks: Uint8Array[]): void {
  const operation = compressBlock(device, { format: 'gzip', plan, level: 6, windowBits: 15 }, chunks);
  let step = operation.next();
  while (!step.done) {
    step = operation.next(encodeZipSqe({ sqeType: 3, tag, consumed: 8192, produced: 100, status: 0 }));
  }
}

describe('driver overhead per descriptor', () => {
  bench('block compress, flat 8 KiB input', () => run([input]));
  bench('block compress, 8 pieces through an SGL', () => run(pieces));
});
