// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import {
  encodeSgl,
  isSglAligned,
  SGE_SIZE,
  SGL_ALIGNMENT,
  SGL_HEADER_SIZE,
  SGL_MAX_ENTRIES,
  sglByteLength,
  UacceArgumentError,
} from '../src/index';
import { decodeSgl } from '../src/testing';
import { fromHex, toHex } from './helpers';

// Written by hand from spec §3.7: header (next, sum_in_chain, sum_in_sgl, length_in_sgl, pad,
// 48 zero bytes), then 32-byte SGEs (address, page_ctrl 0, length, pad, 8 software bytes 0).
const TWO_ENTRY_SGL = [
  '40563412ffff0000', // next 0x0000ffff12345640
  '0200', // entry_sum_in_chain 2
  '0200', // entry_sum_in_sgl 2
  '0200', // entry_length_in_sgl 2
  '0000', // pad
  '00'.repeat(48),
  '00100000aaaa0000', // SGE0 address 0x0000aaaa00001000
  '00'.repeat(8), // page_ctrl
  '00100000', // length 4096
  '00'.repeat(4 + 8),
  '00f0ffffffffffff', // SGE1 address 0xfffffffffffff000
  '00'.repeat(8),
  '00008000', // length 8 MiB
  '00'.repeat(4 + 8),
].join('');

const TWO_ENTRIES = {
  next: 0x0000_ffff_1234_5640n,
  entries: [
    { address: 0x0000_aaaa_0000_1000n, length: 4096 },
    { address: 0xffff_ffff_ffff_f000n, length: 0x80_0000 },
  ],
};

describe('SGL layout (spec §3.7)', () => {
  it('has the spec sizes and limits', () => {
    expect(SGL_HEADER_SIZE).toBe(64);
    expect(SGE_SIZE).toBe(32);
    expect(SGL_MAX_ENTRIES).toBe(255);
    expect(SGL_ALIGNMENT).toBe(64);
    expect(sglByteLength(255)).toBe(64 + 32 * 255);
  });

  it('encodes the hand-written vector', () => {
    expect(TWO_ENTRY_SGL.length).toBe(128 * 2);
    expect(toHex(encodeSgl(TWO_ENTRIES))).toBe(TWO_ENTRY_SGL);
  });

  it('decodes the hand-written vector', () => {
    expect(decodeSgl(fromHex(TWO_ENTRY_SGL))).toEqual({ ...TWO_ENTRIES, capacity: 2, chainCapacity: 2 });
  });

  it('writes capacity and chain capacity as drivers do, leaving unused SGE slots zero', () => {
    const bytes = encodeSgl({ ...TWO_ENTRIES, capacity: 255, chainCapacity: 510 });
    expect(bytes.length).toBe(sglByteLength(255));
    const view = new DataView(bytes.buffer);
    expect(view.getUint16(8, true)).toBe(510);
    expect(view.getUint16(10, true)).toBe(2);
    expect(view.getUint16(12, true)).toBe(255);
    expect(bytes.subarray(SGL_HEADER_SIZE + 2 * SGE_SIZE).every((byte) => byte === 0)).toBe(true);
    expect(decodeSgl(bytes).entries).toEqual(TWO_ENTRIES.entries);
  });

  it('encodes into a dirty target over the SGL length only', () => {
    const target = new Uint8Array(200).fill(0xcc);
    const written = encodeSgl(TWO_ENTRIES, target);
    expect(toHex(written)).toBe(TWO_ENTRY_SGL);
    expect(target.subarray(128).every((byte) => byte === 0xcc)).toBe(true);
  });

  it('checks alignment', () => {
    expect(isSglAligned(0x1000n)).toBe(true);
    expect(isSglAligned(0x1040n)).toBe(true);
    expect(isSglAligned(0x1020n)).toBe(false);
  });

  it.each([
    ['more entries than capacity', () => encodeSgl({ ...TWO_ENTRIES, capacity: 1 }), 'ERR_INVALID_ARG_VALUE'],
    ['capacity 256', () => encodeSgl({ next: 0n, entries: [], capacity: 256 }), 'ERR_OUT_OF_RANGE'],
    [
      'a length beyond 32 bits',
      () => encodeSgl({ next: 0n, entries: [{ address: 0n, length: 2 ** 32 }] }),
      'ERR_OUT_OF_RANGE',
    ],
    [
      'a number as next',
      () => encodeSgl({ next: 0 as unknown as bigint, entries: [] }),
      'ERR_INVALID_ARG_TYPE',
    ],
    ['a truncated SGL', () => decodeSgl(fromHex(TWO_ENTRY_SGL).subarray(0, 100)), 'ERR_OUT_OF_RANGE'],
    [
      'a count above capacity',
      () => {
        const bytes = fromHex(TWO_ENTRY_SGL);
        bytes[12] = 1;
        return decodeSgl(bytes);
      },
      'ERR_INVALID_ARG_VALUE',
    ],
  ])('rejects %s', (_name, call, code) => {
    expect(call).toThrow(UacceArgumentError);
    expect(call).toThrowError(expect.objectContaining({ code }));
  });
});

describe('SGL encoding atomicity', () => {
  it('leaves the target untouched when an entry is invalid', () => {
    const target = new Uint8Array(128).fill(0xcc);
    const bad = {
      next: 0n,
      entries: [
        { address: 0x1000n, length: 1 },
        { address: -1n, length: 1 },
      ],
    };
    expect(() => encodeSgl(bad, target)).toThrowError(expect.objectContaining({ code: 'ERR_OUT_OF_RANGE' }));
    expect(target.every((byte) => byte === 0xcc)).toBe(true);
  });
});
