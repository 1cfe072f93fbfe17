// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import {
  apiForHwVersion,
  HISI_QM_API,
  hwTypeOf,
  parseApi,
  QM_HW_VERSION,
  regionMmapOffset,
  UACCE_DEV_SVA,
  UACCE_ISOLATION_WINDOW_SECONDS,
  UACCE_MAX_ERR_THRESHOLD,
  UACCE_QFRT,
  UACCE_QFRT_DUS,
  UACCE_QFRT_MMIO,
  UACCE_QUEUE_STATE,
  ZIP_PF_DEFAULT_QUEUES,
  ZIP_PF_QUEUES_RANGE,
} from '../src/index';

describe('uacce UAPI (spec §1.2, §2.1, §2.3)', () => {
  it('has the region types, flag and queue states', () => {
    expect(UACCE_QFRT_MMIO).toBe(0);
    expect(UACCE_QFRT_DUS).toBe(1);
    expect(UACCE_QFRT).toEqual({ MMIO: 0, DUS: 1 });
    expect(UACCE_DEV_SVA).toBe(1);
    expect(UACCE_QUEUE_STATE).toEqual({ ZOMBIE: 0, INIT: 1, STARTED: 2 });
  });

  it('has the isolation and queue-count numbers (spec §1.2, §1.6, §2.2)', () => {
    expect(UACCE_MAX_ERR_THRESHOLD).toBe(65535);
    expect(UACCE_ISOLATION_WINDOW_SECONDS).toBe(3600);
    expect(ZIP_PF_DEFAULT_QUEUES).toBe(64);
    expect(ZIP_PF_QUEUES_RANGE).toEqual({ MIN: 2, MAX_V1: 4096, MAX_V2: 1024 });
  });

  it('maps the DUS to file offset one page', () => {
    expect(regionMmapOffset(UACCE_QFRT_DUS, 4096)).toBe(4096);
    expect(regionMmapOffset(UACCE_QFRT_MMIO, 65536)).toBe(0);
  });
});

describe('QM versions (spec §1.3)', () => {
  it.each([
    [QM_HW_VERSION.V1, 'hisi_qm_v1', 1],
    [QM_HW_VERSION.V2, 'hisi_qm_v2', 2],
    [QM_HW_VERSION.V3, 'hisi_qm_v3', 3],
    [QM_HW_VERSION.V4, 'hisi_qm_v3', 3],
    [QM_HW_VERSION.V5, 'hisi_qm_v5', 5],
  ])('revision 0x%s has api %s and hw type %i', (revision, api, hwType) => {
    expect(apiForHwVersion(revision)).toBe(api);
    expect(parseApi(api).hwType).toBe(hwType);
    expect(hwTypeOf(revision)).toBe(hwType);
  });

  it('has the revision numbers', () => {
    expect(QM_HW_VERSION).toEqual({ V1: 0x20, V2: 0x21, V3: 0x30, V4: 0x50, V5: 0x51 });
    expect(Object.values(HISI_QM_API)).toEqual(['hisi_qm_v1', 'hisi_qm_v2', 'hisi_qm_v3', 'hisi_qm_v5']);
  });

  it('passes hw types through', () => {
    expect(hwTypeOf(2)).toBe(2);
    expect(hwTypeOf(5)).toBe(5);
  });
});
