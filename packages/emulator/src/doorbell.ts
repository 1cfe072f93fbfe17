// SPDX-License-Identifier: Apache-2.0
// The v2/v3 doorbell value (spec §3.3): one 64-bit little-endian register at MMIO+0x1000.
//   bits 11:0 queue number · 15:12 command · 31:16 random (0) · 47:32 index · 63:48 priority

export interface Doorbell {
  queue: number;
  command: number;
  random: number;
  index: number;
  priority: number;
}

/** Decodes a v2/v3 doorbell value. */
export function decodeDoorbell(value: bigint): Doorbell {
  const low = Number(value & 0xffffffffn);
  const high = Number((value >> 32n) & 0xffffffffn);
  return {
    queue: low & 0xfff,
    command: (low >>> 12) & 0xf,
    random: low >>> 16,
    index: high & 0xffff,
    priority: high >>> 16,
  };
}

/** Encodes a v2/v3 doorbell value (used by tests and the test client). */
export function encodeDoorbell(doorbell: Omit<Doorbell, 'random'> & { random?: number }): bigint {
  const low =
    ((doorbell.queue & 0xfff) | ((doorbell.command & 0xf) << 12) | ((doorbell.random ?? 0) << 16)) >>> 0;
  const high = ((doorbell.index & 0xffff) | ((doorbell.priority & 0xffff) << 16)) >>> 0;
  return (BigInt(high) << 32n) | BigInt(low);
}
