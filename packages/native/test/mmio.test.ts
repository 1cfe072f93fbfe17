// SPDX-License-Identifier: Apache-2.0
import { constants } from 'node:fs';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadEmulatorNative } from '../src/emulator';
import { loadNative } from '../src/index';
import { makeFile, makeScratchDirectory, thrown } from './support';

const native = loadNative();
// process_vm_readv of this process reads an address back: the emulator's addon has it.
const { processVmRead } = loadEmulatorNative();
const scratch = makeScratchDirectory('uacce-native-mmio-');
afterAll(() => scratch.remove());
const pageSize = native.pageSize();

let fd = -1;
let mapping: ArrayBuffer;
beforeEach(() => {
  fd = native.open(makeFile(scratch.directory, 'registers', 2 * pageSize), constants.O_RDWR);
  mapping = native.mmap(fd, 2 * pageSize, 0);
});
afterEach(() => {
  native.munmap(mapping);
  native.close(fd);
});

describe('mmioStore64', () => {
  it('stores the value little-endian at the offset (the doorbell example of spec §3.3)', () => {
    native.mmioStore64(mapping, 0x1000, 0x0001000300001005n);
    expect([...new Uint8Array(mapping, 0x1000, 8)]).toEqual([0x05, 0x10, 0, 0, 0x03, 0, 0x01, 0]);
    native.mmioStore64(mapping, 2 * pageSize - 8, 0xffffffffffffffffn);
    expect(new DataView(mapping).getBigUint64(2 * pageSize - 8, true)).toBe(0xffffffffffffffffn);
  });

  it.each([
    ['past the end', 2 * pageSize - 4, 'ERR_OUT_OF_RANGE'],
    ['at the end', 2 * pageSize, 'ERR_OUT_OF_RANGE'],
    ['unaligned', 0x1004, 'ERR_OUT_OF_RANGE'],
    ['negative', -8, 'ERR_OUT_OF_RANGE'],
    ['fractional', 8.5, 'ERR_OUT_OF_RANGE'],
    ['not a number', '8', 'ERR_INVALID_ARG_TYPE'],
  ])('rejects an offset %s', (_name, offset, code) => {
    expect(thrown(() => native.mmioStore64(mapping, offset as number, 1n))).toMatchObject({ code });
    expect(new Uint8Array(mapping).every((byte) => byte === 0)).toBe(true);
  });

  it.each([
    [-1n, 'ERR_OUT_OF_RANGE'],
    [1n << 64n, 'ERR_OUT_OF_RANGE'],
    [1, 'ERR_INVALID_ARG_TYPE'],
  ])('rejects the value %s', (value, code) => {
    expect(thrown(() => native.mmioStore64(mapping, 0, value as bigint))).toMatchObject({ code });
  });

  it('refuses memory that is not a mapping', () => {
    expect(thrown(() => native.mmioStore64(new ArrayBuffer(64), 0, 1n))).toMatchObject({
      code: 'ERR_INVALID_ARG_VALUE',
    });
  });
});

describe('mmioLoad32', () => {
  it('loads one little-endian 32-bit word', () => {
    new DataView(mapping).setUint32(0x40, 0x89abcdef, true);
    expect(native.mmioLoad32(mapping, 0x40)).toBe(0x89abcdef);
    native.mmioStore64(mapping, 0x48, 0x1122334455667788n);
    expect(native.mmioLoad32(mapping, 0x48)).toBe(0x55667788);
    expect(native.mmioLoad32(mapping, 0x4c)).toBe(0x11223344);
  });

  it.each([
    ['past the end', 2 * pageSize - 2],
    ['at the end', 2 * pageSize],
    ['unaligned', 2],
    ['negative', -4],
  ])('rejects an offset %s with ERR_OUT_OF_RANGE', (_name, offset) => {
    expect(thrown(() => native.mmioLoad32(mapping, offset))).toMatchObject({ code: 'ERR_OUT_OF_RANGE' });
  });
});

describe('mmioLoad64', () => {
  it('loads the whole doorbell word a 64-bit store wrote', () => {
    native.mmioStore64(mapping, 0x1000, 0xfedcba9876543210n);
    expect(native.mmioLoad64(mapping, 0x1000)).toBe(0xfedcba9876543210n);
  });

  it.each([2 * pageSize - 4, 4, -8])('rejects the offset %s with ERR_OUT_OF_RANGE', (offset) => {
    expect(thrown(() => native.mmioLoad64(mapping, offset))).toMatchObject({ code: 'ERR_OUT_OF_RANGE' });
  });
});

describe('barriers', () => {
  it('are callable between stores and between loads', () => {
    new DataView(mapping).setUint32(0, 3, true);
    native.writeBarrier();
    new DataView(mapping).setUint32(0, 3, true);
    const phase = native.mmioLoad32(mapping, 0);
    native.readBarrier();
    expect(phase).toBe(3);
  });
});

describe('addressOf', () => {
  it('includes the byteOffset of a view', () => {
    const buffer = Buffer.alloc(64);
    const base = native.addressOf(buffer);
    expect(native.addressOf(buffer.subarray(13))).toBe(base + 13n);
    expect(native.addressOf(new DataView(buffer.buffer, buffer.byteOffset + 5))).toBe(base + 5n);
    expect(native.addressOf(new Uint32Array(buffer.buffer, buffer.byteOffset + 8, 2))).toBe(base + 8n);
  });

  it('gives the address the process reads back from itself', () => {
    const source = Buffer.from('address of me');
    const target = Buffer.alloc(source.length);
    expect(processVmRead(process.pid, native.addressOf(source.subarray(3)), target.subarray(3))).toBe(10);
    expect(target.subarray(3).toString()).toBe('ress of me');
  });

  it('is the address of the mapping for a mapping', () => {
    new Uint8Array(mapping)[100] = 0x42;
    const probe = Buffer.alloc(1);
    processVmRead(process.pid, native.addressOf(mapping) + 100n, probe);
    expect(probe[0]).toBe(0x42);
  });

  it('rejects what has no bytes', () => {
    expect(thrown(() => native.addressOf({} as never))).toMatchObject({ code: 'ERR_INVALID_ARG_TYPE' });
  });
});
