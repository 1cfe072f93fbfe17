// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import {
  hasAlgorithm,
  hasSva,
  parseAlgorithms,
  parseApi,
  parseAvailableInstances,
  parseDeviceName,
  parseFlags,
  parseIsolate,
  parseIsolateStrategy,
  parseNumaNode,
  parseRegionSize,
  SYSFS_ATTRIBUTE_NAMES,
  SYSFS_ATTRIBUTES,
  SysfsAttributeError,
  UacceArgumentError,
} from '../src/index';
import { formatAlgorithms, formatApi, formatInteger, formatIsolate } from '../src/testing';

function expectSysfsError(call: () => unknown, attribute: string, value: string): void {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(SysfsAttributeError);
    expect(error).toMatchObject({ code: 'ERR_UACCE_SYSFS_ATTRIBUTE', attribute, value });
    return;
  }
  throw new Error('expected a SysfsAttributeError');
}

describe('attribute names (spec §1.2)', () => {
  it('names every attribute, device/numa_node included', () => {
    expect(Object.values(SYSFS_ATTRIBUTES).sort()).toEqual(
      [
        'algorithms',
        'api',
        'available_instances',
        'device/numa_node',
        'flags',
        'isolate',
        'isolate_strategy',
        'region_dus_size',
        'region_mmio_size',
      ].sort(),
    );
    expect([...SYSFS_ATTRIBUTE_NAMES].sort()).toEqual(Object.values(SYSFS_ATTRIBUTES).sort());
  });
});

describe('parseApi (spec §1.3)', () => {
  it.each([
    ['hisi_qm_v1\n', { api: 'hisi_qm_v1', version: 1, hwType: 1, noIommu: false }],
    ['hisi_qm_v2\n', { api: 'hisi_qm_v2', version: 2, hwType: 2, noIommu: false }],
    ['hisi_qm_v3\n', { api: 'hisi_qm_v3', version: 3, hwType: 3, noIommu: false }],
    ['hisi_qm_v5\n', { api: 'hisi_qm_v5', version: 5, hwType: 5, noIommu: false }],
    ['hisi_qm_v2_noiommu\n', { api: 'hisi_qm_v2_noiommu', version: 2, hwType: 2, noIommu: true }],
    ['hisi_qm_v3', { api: 'hisi_qm_v3', version: 3, hwType: 3, noIommu: false }],
  ])('parses %j', (text, expected) => {
    expect(parseApi(text)).toEqual(expected);
  });

  it.each([
    'hisi_qm_v0\n',
    'hisi_qm_v\n',
    'hisi_qm_vx\n',
    'hisi_qm_v2 \n',
    'hisi_qm_v2\n\n',
    'hisi_sec_v2\n',
    '',
    '\n',
    'hisi_qm_v99999999999\n',
    'hisi_qm_v2_other\n',
  ])('rejects %j naming the attribute and value', (text) => {
    expectSysfsError(() => parseApi(text), 'api', text);
  });

  it('round-trips through formatApi', () => {
    expect(formatApi(3)).toBe('hisi_qm_v3\n');
    expect(parseApi(formatApi(2, { noIommu: true }))).toMatchObject({ version: 2, noIommu: true });
  });
});

describe('integer attributes', () => {
  it.each([
    ['flags', parseFlags, '1\n', 1],
    ['flags', parseFlags, '0\n', 0],
    ['available_instances', parseAvailableInstances, '64\n', 64],
    ['available_instances', parseAvailableInstances, '-1\n', -1],
    ['region_dus_size', (t: string) => parseRegionSize(t, 'region_dus_size'), '151552\n', 151552],
    ['region_mmio_size', (t: string) => parseRegionSize(t, 'region_mmio_size'), '8192\n', 8192],
    ['isolate_strategy', parseIsolateStrategy, '0\n', 0],
    ['isolate_strategy', parseIsolateStrategy, '65535\n', 65535],
    ['device/numa_node', parseNumaNode, '-1\n', -1],
    ['device/numa_node', parseNumaNode, '3\n', 3],
  ] as const)('%s parses %j', (_attribute, parse, text, expected) => {
    expect(parse(text)).toBe(expected);
  });

  it.each([
    ['flags', parseFlags, '-1\n'],
    ['flags', parseFlags, '0x1\n'],
    ['flags', parseFlags, ' 1\n'],
    ['flags', parseFlags, '\n'],
    ['flags', parseFlags, '1\n\n'],
    ['available_instances', parseAvailableInstances, 'many\n'],
    ['available_instances', parseAvailableInstances, '1.5\n'],
    ['region_dus_size', (t: string) => parseRegionSize(t, 'region_dus_size'), '0\n'],
    ['region_mmio_size', (t: string) => parseRegionSize(t, 'region_mmio_size'), '8 KiB\n'],
    ['isolate_strategy', parseIsolateStrategy, '65536\n'],
    ['device/numa_node', parseNumaNode, '-2\n'],
    ['device/numa_node', parseNumaNode, '\r\n'],
  ] as const)('%s rejects %j', (attribute, parse, text) => {
    expectSysfsError(() => parse(text), attribute, text);
  });

  it('names the region attribute it was asked to parse', () => {
    expectSysfsError(() => parseRegionSize('x\n', 'region_mmio_size'), 'region_mmio_size', 'x\n');
  });

  it('reads the SVA flag from bit 0', () => {
    expect(hasSva(parseFlags('1\n'))).toBe(true);
    expect(hasSva(parseFlags('2\n'))).toBe(false);
  });
});

describe('isolate', () => {
  it.each([
    ['0\n', false],
    ['1\n', true],
  ])('parses %j', (text, expected) => {
    expect(parseIsolate(text)).toBe(expected);
    expect(formatIsolate(expected)).toBe(text);
  });

  it.each(['2\n', 'true\n', '\n', '01\n'])('rejects %j', (text) => {
    expectSysfsError(() => parseIsolate(text), 'isolate', text);
  });
});

describe('algorithms (spec §1.4)', () => {
  it.each([
    ['zlib\ngzip\n', ['zlib', 'gzip']],
    ['zlib\ngzip\ndeflate\n', ['zlib', 'gzip', 'deflate']],
    ['zlib\ngzip\ndeflate\nlz77_zstd\nhashagg\n', ['zlib', 'gzip', 'deflate', 'lz77_zstd', 'hashagg']],
    ['\n', []],
  ])('parses %j', (text, expected) => {
    expect(parseAlgorithms(text)).toEqual(expected);
  });

  it.each(['zlib\n\ngzip\n', 'zlib gzip\n', '\nzlib\n', 'zlib\ngzip\n\n', 'zlib\tx\n'])(
    'rejects %j',
    (text) => {
      expectSysfsError(() => parseAlgorithms(text), 'algorithms', text);
    },
  );

  it('formats the V2 and V3 example files', () => {
    expect(formatAlgorithms(['zlib', 'gzip'])).toBe('zlib\ngzip\n');
    expect(formatAlgorithms(['zlib', 'gzip', 'deflate'])).toBe('zlib\ngzip\ndeflate\n');
    expect(formatAlgorithms([])).toBe('\n');
  });

  it('refuses to format a name with a newline', () => {
    expect(() => formatAlgorithms(['zlib\ngzip'])).toThrow(SysfsAttributeError);
  });

  it.each([
    ['zlib\ngzip\n', 'zlib', true],
    ['zlib\ngzip\n', 'gzip', true],
    ['zlib\ngzip\n', 'deflate', false],
    ['zlib_x\ngzip\n', 'zlib', false],
    ['xzlib\n', 'zlib', false],
    ['lz77_zstd\n', 'lz77', false],
    ['zlib', 'zlib', true],
    ['zlib\ngzip\n', '', false],
    ['zlib\ngzip\n', 'zlib\ngzip', false],
  ])('hasAlgorithm(%j, %j) is %s (whole-line match)', (text, name, expected) => {
    expect(hasAlgorithm(text, name)).toBe(expected);
  });

  it('accepts a parsed list', () => {
    expect(hasAlgorithm(parseAlgorithms('zlib\ngzip\n'), 'gzip')).toBe(true);
    expect(hasAlgorithm(['zlib_x'], 'zlib')).toBe(false);
  });
});

describe('formatters', () => {
  it('formats integers with the single trailing newline', () => {
    expect(formatInteger(151552)).toBe('151552\n');
    expect(formatInteger(-1)).toBe('-1\n');
    expect(parseNumaNode(formatInteger(-1))).toBe(-1);
  });

  it('rejects a non-integer with an argument error', () => {
    expect(() => formatInteger(1.5)).toThrow(UacceArgumentError);
    expect(() => formatApi(0)).toThrowError(expect.objectContaining({ code: 'ERR_OUT_OF_RANGE' }));
  });
});

describe('device names (spec §1.1)', () => {
  it.each([
    ['hisi_zip-0', { driver: 'hisi_zip', id: 0 }],
    ['hisi_zip-12', { driver: 'hisi_zip', id: 12 }],
    ['hisi-sec2-3', { driver: 'hisi-sec2', id: 3 }],
  ])('splits %s', (name, expected) => {
    expect(parseDeviceName(name)).toEqual(expected);
  });

  it.each(['hisi_zip', 'hisi_zip-', 'hisi_zip-x', '-1'])('returns undefined for %s', (name) => {
    expect(parseDeviceName(name)).toBeUndefined();
  });
});
