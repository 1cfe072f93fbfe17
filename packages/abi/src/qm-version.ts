// SPDX-License-Identifier: Apache-2.0
// QM hardware revisions, the `api` strings the kernel derives from them and UADK's hw types
// (spec §1.3).

/** QM hardware version = PCI revision (enum qm_hw_ver). */
export const QM_HW_VERSION = Object.freeze({ V1: 0x20, V2: 0x21, V3: 0x30, V4: 0x50, V5: 0x51 } as const);

/** UADK hw types (enum hisi_hw_type): the number after `hisi_qm_v` in `api`. */
export const HISI_HW_TYPE = Object.freeze({ V1: 1, V2: 2, V3: 3, V5: 5 } as const);

/** The `api` values of HiSilicon QM devices. */
export const HISI_QM_API = Object.freeze({
  V1: 'hisi_qm_v1',
  V2: 'hisi_qm_v2',
  V3: 'hisi_qm_v3',
  V5: 'hisi_qm_v5',
} as const);

/** Prefix UADK strips before parsing the version (`VERSION_ID_SHIFT` = 9 characters). */
export const HISI_QM_API_PREFIX = 'hisi_qm_v';

/** PCI device id of the ZIP physical function (Huawei vendor id 0x19E5). */
export const PCI_DEVICE_ID_HUAWEI_ZIP_PF = 0xa250;
export const PCI_VENDOR_ID_HUAWEI = 0x19e5;

/**
 * The `api` string mainline assigns to a QM revision: V1 → v1, V2 → v2, V3/V4 → v3, newer → v5
 * (LKML 2025 `qm_uacce_api_ver_init`; before it everything above V2 read `hisi_qm_v3`).
 */
export function apiForHwVersion(revision: number): string {
  if (revision <= QM_HW_VERSION.V1) return HISI_QM_API.V1;
  if (revision === QM_HW_VERSION.V2) return HISI_QM_API.V2;
  if (revision <= QM_HW_VERSION.V4) return HISI_QM_API.V3;
  return HISI_QM_API.V5;
}

/**
 * Normalises a hardware generation given either as a UADK hw type (1, 2, 3, 5) or as a QM PCI
 * revision (0x20, 0x21, 0x30, 0x50, 0x51) to the hw type.
 */
export function hwTypeOf(hwVersion: number): number {
  if (hwVersion < QM_HW_VERSION.V1) return hwVersion;
  if (hwVersion === QM_HW_VERSION.V1) return HISI_HW_TYPE.V1;
  if (hwVersion === QM_HW_VERSION.V2) return HISI_HW_TYPE.V2;
  if (hwVersion <= QM_HW_VERSION.V4) return HISI_HW_TYPE.V3;
  return HISI_HW_TYPE.V5;
}

/** Queues of a ZIP physical function by default (module parameter `pf_q_num`). */
export const ZIP_PF_DEFAULT_QUEUES = 64;
/** `pf_q_num` bounds: 2..1024 on V2+, 2..4096 on V1. */
export const ZIP_PF_QUEUES_RANGE = Object.freeze({ MIN: 2, MAX_V1: 4096, MAX_V2: 1024 } as const);
