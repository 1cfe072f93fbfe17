// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import {
  computeDusLayout,
  decodeQpDepthCap,
  QM_HW_VERSION,
  QM_Q_DEPTH,
  UacceArgumentError,
  ZIP_QP_DEPTH_CAP_DEFAULT,
  ZIP_SQE_SIZE,
} from '../src/index';
import { dusRegionSize, mmioRegionSize } from '../src/testing';

const ZIP = { sqeSize: ZIP_SQE_SIZE, sqDepth: QM_Q_DEPTH, cqDepth: QM_Q_DEPTH };

describe('MMIO region size (spec §1.5)', () => {
  it.each([
    ['V1, 4 KiB pages', { hwVersion: 1, pageSize: 4096 }, 4096],
    ['V1 by PCI revision', { hwVersion: QM_HW_VERSION.V1, pageSize: 4096 }, 4096],
    ['V2, 4 KiB pages', { hwVersion: 2, pageSize: 4096 }, 8192],
    ['V2, 64 KiB pages', { hwVersion: 2, pageSize: 65536 }, 65536],
    ['V2 by PCI revision', { hwVersion: QM_HW_VERSION.V2, pageSize: 4096 }, 8192],
    ['V3 without isolation', { hwVersion: 3, pageSize: 4096, doorbellIsolation: false }, 8192],
    ['V3 with isolation, 4 KiB pages', { hwVersion: 3, pageSize: 4096, doorbellIsolation: true }, 65536],
    ['V3 with isolation, 64 KiB pages', { hwVersion: 3, pageSize: 65536, doorbellIsolation: true }, 65536],
    [
      'V5 revision with isolation',
      { hwVersion: QM_HW_VERSION.V5, pageSize: 4096, doorbellIsolation: true },
      65536,
    ],
  ])('%s', (_name, options, expected) => {
    expect(mmioRegionSize(options)).toBe(expected);
  });

  it('refuses doorbell isolation before V3', () => {
    expect(() => mmioRegionSize({ hwVersion: 2, pageSize: 4096, doorbellIsolation: true })).toThrowError(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }),
    );
  });

  it('refuses a page size that is not a power of two', () => {
    expect(() => mmioRegionSize({ hwVersion: 2, pageSize: 12288 })).toThrow(UacceArgumentError);
  });
});

describe('DUS region (spec §1.5, §3.1)', () => {
  it('is 0x25000 for ZIP with 4 KiB pages and 0x40000 with 64 KiB pages', () => {
    expect(dusRegionSize({ ...ZIP, pageSize: 4096 })).toBe(0x25000);
    expect(dusRegionSize({ ...ZIP, pageSize: 65536 })).toBe(0x40000);
  });

  it('reproduces the worked example with 4 KiB pages', () => {
    expect(computeDusLayout({ ...ZIP, dusSize: 0x25000 })).toEqual({
      sqOffset: 0,
      sqSize: 0x20000,
      cqOffset: 0x20000,
      cqSize: 0x4000,
      dsRxOffset: 0x24ff8,
      dsTxOffset: 0x24ffc,
      size: 0x25000,
    });
  });

  it('reproduces the worked example with 64 KiB pages', () => {
    const layout = computeDusLayout({ ...ZIP, dusSize: 0x40000 });
    expect(layout.cqOffset).toBe(0x20000);
    expect(layout.dsRxOffset).toBe(0x3fff8);
    expect(layout.dsTxOffset).toBe(0x3fffc);
  });

  it('rounds rings up to a page and adds one page', () => {
    expect(dusRegionSize({ sqeSize: 128, sqDepth: 16, cqDepth: 16, pageSize: 4096 })).toBe(8192);
  });

  it('rejects a region too small for the rings and status words', () => {
    expect(() => computeDusLayout({ ...ZIP, dusSize: 0x24000 })).toThrowError(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }),
    );
  });

  it('decodes the default ZIP depth capability (0x04000400)', () => {
    expect(decodeQpDepthCap(ZIP_QP_DEPTH_CAP_DEFAULT)).toEqual({ sqDepth: 1024, cqDepth: 1024 });
  });
});
