// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import {
  type DoorbellFields,
  type DoorbellStyle,
  doorbellOffset,
  doorbellStyleForHwType,
  encodeDoorbell,
  parseApi,
  QM_DOORBELL_CMD_CQ,
  QM_DOORBELL_CMD_SQ,
  QM_DOORBELL_OFFSET_V1,
  QM_DOORBELL_OFFSET_V2,
  UacceArgumentError,
} from '../src/index';
import { decodeDoorbell, doorbellBytes } from '../src/testing';
import { loadFixture, toHex } from './helpers';

interface DoorbellVector {
  name: string;
  style: DoorbellStyle;
  offset: number;
  valueHex: string;
  bytesHex: string;
  fields: DoorbellFields;
}
const { vectors } = loadFixture<{ vectors: DoorbellVector[] }>('doorbell-golden.json');

describe('doorbell golden vectors (spec §3.3)', () => {
  it('includes the four worked examples of the spec', () => {
    expect(vectors.filter((vector) => vector.name.startsWith('spec §3.3'))).toHaveLength(4);
  });

  it.each(vectors.map((vector) => [vector.name, vector] as const))('%s encodes', (_name, vector) => {
    const value = encodeDoorbell(vector.style, vector.fields);
    expect(value).toBe(BigInt(vector.valueHex));
    expect(toHex(doorbellBytes(value))).toBe(vector.bytesHex);
    expect(doorbellOffset(vector.style)).toBe(vector.offset);
  });

  it.each(vectors.map((vector) => [vector.name, vector] as const))('%s decodes', (_name, vector) => {
    expect(decodeDoorbell(vector.style, BigInt(vector.valueHex))).toEqual(vector.fields);
  });
});

describe('doorbell constants and selection', () => {
  it('has the spec offsets and commands', () => {
    expect(QM_DOORBELL_OFFSET_V1).toBe(0x340);
    expect(QM_DOORBELL_OFFSET_V2).toBe(0x1000);
    expect(QM_DOORBELL_CMD_SQ).toBe(0);
    expect(QM_DOORBELL_CMD_CQ).toBe(1);
  });

  it.each([
    ['hisi_qm_v1\n', 'v1'],
    ['hisi_qm_v2\n', 'v2'],
    ['hisi_qm_v3\n', 'v2'],
    ['hisi_qm_v5\n', 'v2'],
  ])('api %j rings the %s doorbell', (api, style) => {
    expect(doorbellStyleForHwType(parseApi(api).hwType)).toBe(style);
  });

  it('ignores the random-data bits 31:16 of a v2 value when decoding', () => {
    expect(decodeDoorbell('v2', 0x0000_0003_abcd_1005n)).toEqual({
      queue: 5,
      command: 1,
      index: 3,
      priority: 0,
    });
  });
});

describe('doorbell argument checks', () => {
  it.each([
    [
      'a v2 queue above 12 bits',
      'v2',
      { queue: 0x1000, command: 0, index: 0, priority: 0 },
      'ERR_OUT_OF_RANGE',
    ],
    ['a v2 command above 4 bits', 'v2', { queue: 0, command: 16, index: 0, priority: 0 }, 'ERR_OUT_OF_RANGE'],
    [
      'an index above 16 bits',
      'v1',
      { queue: 0, command: 0, index: 0x10000, priority: 0 },
      'ERR_OUT_OF_RANGE',
    ],
    ['a negative priority', 'v1', { queue: 0, command: 0, index: 0, priority: -1 }, 'ERR_OUT_OF_RANGE'],
    ['a fractional index', 'v2', { queue: 0, command: 0, index: 1.5, priority: 0 }, 'ERR_OUT_OF_RANGE'],
    ['a bigint queue', 'v2', { queue: 1n, command: 0, index: 0, priority: 0 }, 'ERR_INVALID_ARG_TYPE'],
    ['an unknown style', 'v3', { queue: 0, command: 0, index: 0, priority: 0 }, 'ERR_INVALID_ARG_VALUE'],
  ])('rejects %s', (_name, style, fields, code) => {
    const call = () => encodeDoorbell(style as DoorbellStyle, fields as unknown as DoorbellFields);
    expect(call).toThrow(UacceArgumentError);
    expect(call).toThrowError(expect.objectContaining({ code }));
  });

  it.each([
    ['a number value', () => decodeDoorbell('v2', 5 as unknown as bigint), 'ERR_INVALID_ARG_TYPE'],
    ['a negative value', () => decodeDoorbell('v2', -1n), 'ERR_OUT_OF_RANGE'],
    ['a value of 2^64', () => doorbellBytes(1n << 64n), 'ERR_OUT_OF_RANGE'],
  ])('decode rejects %s', (_name, call, code) => {
    expect(call).toThrow(UacceArgumentError);
    expect(call).toThrowError(expect.objectContaining({ code }));
  });

  it('accepts a v1 queue number above the v2 width', () => {
    expect(encodeDoorbell('v1', { queue: 0xffff, command: 0, index: 0, priority: 0 })).toBe(0xffffn);
  });
});
