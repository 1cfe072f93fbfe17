// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { CQE_SIZE, cqePhase, UacceArgumentError } from '../src/index';
import { type CqeFields, decodeCqe, encodeCqe } from '../src/testing';
import { fromHex, loadFixture, toHex } from './helpers';

interface CqeVector {
  name: string;
  hex: string;
  fields: CqeFields;
}
const { vectors } = loadFixture<{ vectors: CqeVector[] }>('cqe-golden.json');

describe('CQE golden vectors (spec §3.4)', () => {
  it.each(vectors.map((vector) => [vector.name, vector] as const))('%s encodes', (_name, vector) => {
    expect(toHex(encodeCqe(vector.fields))).toBe(vector.hex);
  });

  it.each(vectors.map((vector) => [vector.name, vector] as const))(
    '%s decodes at any offset',
    (_name, vector) => {
      const ring = new Uint8Array(CQE_SIZE * 3);
      ring.set(fromHex(vector.hex), CQE_SIZE * 2);
      const view = new DataView(ring.buffer);
      expect(decodeCqe(view, CQE_SIZE * 2)).toEqual(vector.fields);
      expect(cqePhase(view, CQE_SIZE * 2)).toBe(vector.fields.phase);
    },
  );
});

describe('CQE codec', () => {
  it('is 16 bytes', () => {
    expect(CQE_SIZE).toBe(16);
  });

  it('reads the phase from bit 0 of w7 only', () => {
    const bytes = new Uint8Array(CQE_SIZE);
    const view = new DataView(bytes.buffer);
    view.setUint16(14, 0xfffe, true);
    expect(cqePhase(view, 0)).toBe(0);
    view.setUint16(14, 0x0001, true);
    expect(cqePhase(view, 0)).toBe(1);
  });

  it('respects the byte offset of a DataView over part of a buffer', () => {
    const backing = new Uint8Array(64);
    const cqe = fromHex(vectors[1]!.hex);
    backing.set(cqe, 32);
    expect(decodeCqe(new DataView(backing.buffer, 32, 16), 0)).toEqual(vectors[1]!.fields);
  });

  it('writes into a target slot and clears its reserved words', () => {
    const ring = new Uint8Array(CQE_SIZE * 2).fill(0xaa);
    const slot = ring.subarray(CQE_SIZE, CQE_SIZE * 2);
    const written = encodeCqe(vectors[0]!.fields, slot);
    expect(toHex(written)).toBe(vectors[0]!.hex);
    expect(ring.subarray(0, CQE_SIZE).every((byte) => byte === 0xaa)).toBe(true);
  });

  it.each([
    ['an offset past the end', () => decodeCqe(new DataView(new ArrayBuffer(32)), 17), 'ERR_OUT_OF_RANGE'],
    ['a negative offset', () => cqePhase(new DataView(new ArrayBuffer(32)), -1), 'ERR_OUT_OF_RANGE'],
    [
      'a Uint8Array instead of a DataView',
      () => decodeCqe(new Uint8Array(16) as never, 0),
      'ERR_INVALID_ARG_TYPE',
    ],
    ['a view shorter than a CQE', () => decodeCqe(new DataView(new ArrayBuffer(8)), 0), 'ERR_OUT_OF_RANGE'],
    ['a phase of 2', () => encodeCqe({ sqHead: 0, sqNum: 0, phase: 2, cmdId: 0 }), 'ERR_OUT_OF_RANGE'],
    [
      'a short target',
      () => encodeCqe({ sqHead: 0, sqNum: 0, phase: 1, cmdId: 0 }, new Uint8Array(15)),
      'ERR_OUT_OF_RANGE',
    ],
  ])('rejects %s', (_name, call, code) => {
    expect(call).toThrow(UacceArgumentError);
    expect(call).toThrowError(expect.objectContaining({ code }));
  });
});
