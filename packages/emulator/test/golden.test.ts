// SPDX-License-Identifier: Apache-2.0
// The emulator's own decoders against the golden vectors @uacce/abi commits: the same bytes must
// decode to the same fields on both sides, so a layout mistake cannot hide on one of them.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeCqe, decodeDoorbell, decodeSqe, encodeDoorbell } from '../src';

interface Vector {
  name: string;
  hex: string;
  fields: Record<string, number | string>;
}

interface DoorbellVector {
  name: string;
  style: 'v1' | 'v2';
  offset: number;
  valueHex: string;
  bytesHex: string;
  fields: Record<string, number>;
}

function load<T>(file: string): T[] {
  const url = new URL(`../../abi/test/fixtures/${file}`, import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { vectors: T[] }).vectors;
}

function normalise(fields: Record<string, unknown>): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value === 'bigint') out[key] = `0x${value.toString(16)}`;
    else if (typeof value === 'string') out[key] = `0x${BigInt(value).toString(16)}`;
    else out[key] = Number(value);
  }
  return out;
}

describe('ZIP SQE golden vectors', () => {
  const vectors = load<Vector>('zip-sqe-golden.json');
  it('has vectors to check', () => {
    expect(vectors.length).toBeGreaterThan(0);
  });
  it.each(vectors.map((vector) => [vector.name, vector] as const))('%s', (_name, vector) => {
    const bytes = Buffer.from(vector.hex, 'hex');
    expect(bytes.length).toBe(128);
    const expected = normalise(vector.fields);
    expect(normalise(decodeSqe(bytes) as unknown as Record<string, unknown>)).toEqual(expected);
  });
});

describe('CQE golden vectors', () => {
  it.each(load<Vector>('cqe-golden.json').map((vector) => [vector.name, vector] as const))(
    '%s',
    (_name, vector) => {
      expect(decodeCqe(Buffer.from(vector.hex, 'hex'))).toEqual(vector.fields);
    },
  );
});

describe('doorbell golden vectors (v2/v3 layout, the one the emulator serves)', () => {
  const vectors = load<DoorbellVector>('doorbell-golden.json').filter((vector) => vector.style === 'v2');
  it.each(vectors.map((vector) => [vector.name, vector] as const))('%s', (_name, vector) => {
    expect(vector.offset).toBe(0x1000);
    const value = Buffer.from(vector.bytesHex, 'hex').readBigUInt64LE(0);
    expect(value).toBe(BigInt(vector.valueHex));
    const { random, ...decoded } = decodeDoorbell(value);
    expect(random).toBe(0);
    expect(decoded).toEqual(vector.fields);
    expect(encodeDoorbell(decoded)).toBe(value);
  });
});
