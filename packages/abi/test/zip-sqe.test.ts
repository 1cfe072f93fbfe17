// SPDX-License-Identifier: Apache-2.0
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeZipSqeResult,
  UacceArgumentError,
  writeZipSqe,
  ZIP_SQE_SIZE,
  ZIP_SQE_TYPE,
  type ZipSqeRequest,
  zipSqeStatus,
  zipSqeTag,
} from '../src/index';
import { decodeZipSqe, encodeZipSqe, ZIP_SQE_FIELD_NAMES, type ZipSqeFields } from '../src/testing';
import { fromHex, loadFixture, toHex } from './helpers';

type JsonFields = Record<string, number | string>;
interface SqeVector {
  name: string;
  hex: string;
  fields: JsonFields;
}
const { vectors } = loadFixture<{ vectors: SqeVector[] }>('zip-sqe-golden.json');
const ADDRESS_FIELDS = new Set(['sourceAddress', 'destAddress', 'streamContextAddress', 'literalsAddress']);

function toFields(json: JsonFields): ZipSqeFields {
  return Object.fromEntries(
    Object.entries(json).map(([key, value]) => [key, ADDRESS_FIELDS.has(key) ? BigInt(value) : value]),
  ) as unknown as ZipSqeFields;
}

function word(hex: string, dw: number): number {
  return new DataView(fromHex(hex).buffer).getUint32(dw * 4, true);
}

describe('ZIP SQE golden vectors (spec §4.2)', () => {
  it('cover both layouts, flat and SGL, stateless and stateful, completed SQEs and 64-bit addresses', () => {
    const all = vectors.map((vector) => toFields(vector.fields));
    expect(vectors.length).toBeGreaterThanOrEqual(6);
    expect(all.some((f) => f.sqeType === 0)).toBe(true);
    expect(all.some((f) => f.sqeType === 3)).toBe(true);
    expect(all.some((f) => f.bufferType === 1)).toBe(true);
    expect(all.some((f) => f.bufferType === 0)).toBe(true);
    expect(all.some((f) => f.streamMode === 1)).toBe(true);
    expect(all.some((f) => f.streamMode === 0)).toBe(true);
    expect(all.some((f) => f.lstblk === 1 && f.consumed > 0 && f.produced > 0)).toBe(true);
    expect(all.some((f) => f.status !== 0)).toBe(true);
    expect(all.some((f) => f.sourceAddress >= 1n << 63n)).toBe(true);
  });

  it('list every field by name', () => {
    for (const vector of vectors) {
      expect(Object.keys(vector.fields).sort()).toEqual([...ZIP_SQE_FIELD_NAMES].sort());
      expect(vector.hex).toMatch(/^[0-9a-f]{256}$/);
    }
  });

  it.each(vectors.map((vector) => [vector.name, vector] as const))('%s encodes', (_name, vector) => {
    expect(toHex(encodeZipSqe(toFields(vector.fields)))).toBe(vector.hex);
  });

  it.each(vectors.map((vector) => [vector.name, vector] as const))('%s decodes', (_name, vector) => {
    expect(decodeZipSqe(fromHex(vector.hex))).toEqual(toFields(vector.fields));
  });

  it.each(vectors.map((vector) => [vector.name, vector] as const))(
    '%s: tag and status read directly',
    (_name, vector) => {
      const bytes = fromHex(vector.hex);
      expect(zipSqeTag(bytes)).toBe(vector.fields.tag);
      expect(zipSqeStatus(bytes)).toBe(vector.fields.status);
    },
  );
});

describe('ZIP SQE layout details', () => {
  it('puts the type 0 tag in DW13 and leaves DW26 zero', () => {
    const hex = toHex(encodeZipSqe({ sqeType: ZIP_SQE_TYPE.V1, tag: 0xa5a5a5a5 }));
    expect(word(hex, 13)).toBe(0xa5a5a5a5);
    expect(word(hex, 26)).toBe(0);
  });

  it('puts the type 3 tag in DW26 and the literal size in DW13', () => {
    const hex = toHex(encodeZipSqe({ sqeType: ZIP_SQE_TYPE.V3, tag: 0xa5a5a5a5, literalSize: 0x1234 }));
    expect(word(hex, 26)).toBe(0xa5a5a5a5);
    expect(word(hex, 13)).toBe(0x1234);
  });

  it('fills missing fields with zero', () => {
    expect(encodeZipSqe({}).every((byte) => byte === 0)).toBe(true);
  });

  it('overwrites a dirty ring slot completely and touches nothing after it', () => {
    const ring = new Uint8Array(ZIP_SQE_SIZE * 2).fill(0xee);
    const slot = ring.subarray(0, ZIP_SQE_SIZE + 7);
    const written = encodeZipSqe(toFields(vectors[0]!.fields), slot);
    expect(written.length).toBe(ZIP_SQE_SIZE);
    expect(written.buffer).toBe(ring.buffer);
    expect(toHex(ring.subarray(0, ZIP_SQE_SIZE))).toBe(vectors[0]!.hex);
    expect(ring.subarray(ZIP_SQE_SIZE).every((byte) => byte === 0xee)).toBe(true);
  });

  it('decodes from a Buffer slice of a larger pool (byteOffset respected)', () => {
    const pool = Buffer.alloc(512, 0x77);
    fromHex(vectors[2]!.hex).forEach((byte, index) => {
      pool[100 + index] = byte;
    });
    expect(decodeZipSqe(pool.subarray(100, 100 + ZIP_SQE_SIZE))).toEqual(toFields(vectors[2]!.fields));
  });

  it('ignores reserved words and bits on decode', () => {
    const bytes = fromHex(vectors[0]!.hex);
    const view = new DataView(bytes.buffer);
    for (const dw of [5, 6, 10, 11, 12, 16, 17, 27]) view.setUint32(dw * 4, 0xffffffff, true);
    view.setUint32(28, view.getUint32(28, true) | (1 << 24), true);
    expect(decodeZipSqe(bytes)).toEqual(toFields(vectors[0]!.fields));
  });
});

describe('ZIP SQE argument checks', () => {
  it.each([
    ['a status above 8 bits', { status: 0x100 }, 'ERR_OUT_OF_RANGE'],
    ['an SGL offset above 24 bits', { inSgeDataOffset: 1 << 24 }, 'ERR_OUT_OF_RANGE'],
    ['a window code above 4 bits', { windowSize: 16 }, 'ERR_OUT_OF_RANGE'],
    ['a flush type of 2', { flushType: 2 }, 'ERR_OUT_OF_RANGE'],
    ['a negative length', { inputDataLength: -1 }, 'ERR_OUT_OF_RANGE'],
    ['an address of 2^64', { sourceAddress: 1n << 64n }, 'ERR_OUT_OF_RANGE'],
    ['a negative address', { destAddress: -1n }, 'ERR_OUT_OF_RANGE'],
    ['a number as address', { destAddress: 4096 as unknown as bigint }, 'ERR_INVALID_ARG_TYPE'],
    ['a bigint length', { inputDataLength: 5n as unknown as number }, 'ERR_INVALID_ARG_TYPE'],
    ['a string window code', { windowSize: '7' as unknown as number }, 'ERR_INVALID_ARG_TYPE'],
    ['sqe type 1', { sqeType: 1 }, 'ERR_INVALID_ARG_VALUE'],
    ['a literal size on type 0', { sqeType: 0, literalSize: 16 }, 'ERR_INVALID_ARG_VALUE'],
  ])('rejects %s', (_name, fields, code) => {
    const call = () => encodeZipSqe(fields as Partial<ZipSqeFields>);
    expect(call).toThrow(UacceArgumentError);
    expect(call).toThrowError(expect.objectContaining({ code }));
  });

  it.each([
    ['a short input', () => decodeZipSqe(new Uint8Array(127)), 'ERR_OUT_OF_RANGE'],
    ['a short target', () => encodeZipSqe({}, new Uint8Array(64)), 'ERR_OUT_OF_RANGE'],
    ['an ArrayBuffer', () => decodeZipSqe(new ArrayBuffer(128) as never), 'ERR_INVALID_ARG_TYPE'],
    [
      'an unknown sqe_type',
      () => {
        const bytes = new Uint8Array(ZIP_SQE_SIZE);
        bytes[31] = 0x10;
        return decodeZipSqe(bytes);
      },
      'ERR_INVALID_ARG_VALUE',
    ],
  ])('decode rejects %s', (_name, call, code) => {
    expect(call).toThrow(UacceArgumentError);
    expect(call).toThrowError(expect.objectContaining({ code }));
  });
});

describe('ZIP SQE encoding atomicity', () => {
  it('leaves a ring slot untouched when a field is invalid', () => {
    const slot = new Uint8Array(ZIP_SQE_SIZE).fill(0xcc);
    expect(() => encodeZipSqe({ sqeType: 3, tag: 1, literalsAddress: 1n << 64n }, slot)).toThrow(
      UacceArgumentError,
    );
    expect(slot.every((byte) => byte === 0xcc)).toBe(true);
  });
});

describe('writeZipSqe (the driver fast path)', () => {
  const REQUEST_FIELDS = [
    'sqeType',
    'requestType',
    'bufferType',
    'windowSize',
    'streamMode',
    'streamNew',
    'flushType',
    'tag',
    'inputDataLength',
    'destAvailOut',
    'sourceAddress',
    'destAddress',
    'streamContextAddress',
    'ctxDw0',
    'ctxDw1',
    'ctxDw2',
    'isize',
    'checksum',
  ] as const;

  function requestOf(fields: ZipSqeFields): ZipSqeRequest {
    return Object.fromEntries(REQUEST_FIELDS.map((name) => [name, fields[name]])) as unknown as ZipSqeRequest;
  }

  function isRequest(fields: ZipSqeFields): boolean {
    const rest = ZIP_SQE_FIELD_NAMES.filter((name) => !(REQUEST_FIELDS as readonly string[]).includes(name));
    return rest.every((name) => fields[name] === 0 || fields[name] === 0n);
  }

  const requests = vectors.filter((vector) => isRequest(toFields(vector.fields)));

  it('has request vectors of both layouts to compare against', () => {
    expect(new Set(requests.map((vector) => toFields(vector.fields).sqeType))).toEqual(new Set([0, 3]));
  });

  it.each(requests.map((vector) => [vector.name, vector] as const))(
    '%s writes the golden bytes',
    (_n, vector) => {
      const slot = Buffer.alloc(ZIP_SQE_SIZE + 16, 0xee).subarray(8, 8 + ZIP_SQE_SIZE);
      const written = writeZipSqe(requestOf(toFields(vector.fields)), slot);
      expect(toHex(written)).toBe(vector.hex);
      expect(written.buffer).toBe(slot.buffer);
    },
  );

  it('writes what encodeZipSqe writes for any request', () => {
    const u32 = fc.integer({ min: 0, max: 0xffff_ffff });
    const bit = fc.integer({ min: 0, max: 1 });
    const address = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
    const request = fc.record({
      sqeType: fc.constantFrom(0, 3),
      requestType: fc.integer({ min: 0, max: 0xff }),
      bufferType: fc.integer({ min: 0, max: 0xf }),
      windowSize: fc.integer({ min: 0, max: 0xf }),
      streamMode: bit,
      streamNew: bit,
      flushType: bit,
      tag: u32,
      inputDataLength: u32,
      destAvailOut: u32,
      sourceAddress: address,
      destAddress: address,
      streamContextAddress: address,
      ctxDw0: u32,
      ctxDw1: u32,
      ctxDw2: u32,
      isize: u32,
      checksum: u32,
    });
    fc.assert(
      fc.property(request, (fields) => {
        const dirty = new Uint8Array(ZIP_SQE_SIZE).fill(0x5a);
        expect(toHex(writeZipSqe(fields, dirty))).toBe(toHex(encodeZipSqe(fields)));
      }),
    );
  });

  const valid: ZipSqeRequest = requestOf(toFields(requests[0]!.fields));
  it.each([
    ['a window code above 4 bits', { windowSize: 16 }, 'ERR_OUT_OF_RANGE'],
    ['a stream_new of 2', { streamNew: 2 }, 'ERR_OUT_OF_RANGE'],
    ['a fractional length', { inputDataLength: 1.5 }, 'ERR_OUT_OF_RANGE'],
    ['a tag of 2^32', { tag: 2 ** 32 }, 'ERR_OUT_OF_RANGE'],
    ['a bigint length', { destAvailOut: 5n as unknown as number }, 'ERR_INVALID_ARG_TYPE'],
    ['a string word', { checksum: '1' as unknown as number }, 'ERR_INVALID_ARG_TYPE'],
    ['a number as address', { sourceAddress: 4096 as unknown as bigint }, 'ERR_INVALID_ARG_TYPE'],
    ['an address of 2^64', { streamContextAddress: 1n << 64n }, 'ERR_OUT_OF_RANGE'],
    ['sqe type 1', { sqeType: 1 }, 'ERR_INVALID_ARG_VALUE'],
  ])('rejects %s and leaves the target untouched', (_name, change, code) => {
    const slot = new Uint8Array(ZIP_SQE_SIZE).fill(0xcc);
    const call = () => writeZipSqe({ ...valid, ...change } as ZipSqeRequest, slot);
    expect(call).toThrow(UacceArgumentError);
    expect(call).toThrowError(expect.objectContaining({ code }));
    expect(slot.every((byte) => byte === 0xcc)).toBe(true);
  });

  it('rejects a short target', () => {
    const call = () => writeZipSqe(valid, new Uint8Array(64));
    expect(call).toThrowError(expect.objectContaining({ code: 'ERR_OUT_OF_RANGE' }));
  });
});

describe('decodeZipSqeResult', () => {
  const RESULT_FIELDS = [
    'tag',
    'consumed',
    'produced',
    'status',
    'lstblk',
    'ctxDw0',
    'ctxDw1',
    'ctxDw2',
    'isize',
    'checksum',
  ] as const;

  it.each(vectors.map((vector) => [vector.name, vector] as const))(
    '%s reads as decodeZipSqe does',
    (_n, vector) => {
      const pool = Buffer.alloc(512, 0x33);
      pool.set(fromHex(vector.hex), 200);
      const slot = pool.subarray(200, 200 + ZIP_SQE_SIZE);
      const full = decodeZipSqe(slot);
      expect(decodeZipSqeResult(slot)).toEqual(
        Object.fromEntries(RESULT_FIELDS.map((name) => [name, full[name]])),
      );
    },
  );

  it.each([
    ['a short input', () => decodeZipSqeResult(new Uint8Array(127)), 'ERR_OUT_OF_RANGE'],
    ['a non-array', () => decodeZipSqeResult([] as never), 'ERR_INVALID_ARG_TYPE'],
    [
      'an unknown sqe_type',
      () => {
        const bytes = new Uint8Array(ZIP_SQE_SIZE);
        bytes[31] = 0x20;
        return decodeZipSqeResult(bytes);
      },
      'ERR_INVALID_ARG_VALUE',
    ],
  ])('rejects %s', (_name, call, code) => {
    expect(call).toThrow(UacceArgumentError);
    expect(call).toThrowError(expect.objectContaining({ code }));
  });
});
