// SPDX-License-Identifier: Apache-2.0
// uacce UAPI names and numbers (include/uapi/misc/uacce/uacce.h, include/linux/uacce.h; spec §1, §2).

/** mmap region selected by file offset `qfrt * PAGE_SIZE`: the doorbell (MMIO) region. */
export const UACCE_QFRT_MMIO = 0;
/** mmap region: the device user share (DUS) region holding the SQ and CQ rings. */
export const UACCE_QFRT_DUS = 1;
/** Region kinds by name. */
export const UACCE_QFRT = Object.freeze({ MMIO: UACCE_QFRT_MMIO, DUS: UACCE_QFRT_DUS } as const);

/** Device flag bit 0: shared virtual addressing. */
export const UACCE_DEV_SVA = 1;

/** Per-open-file queue states (enum uacce_q_state). */
export const UACCE_QUEUE_STATE = Object.freeze({ ZOMBIE: 0, INIT: 1, STARTED: 2 } as const);
export type UacceQueueState = (typeof UACCE_QUEUE_STATE)[keyof typeof UACCE_QUEUE_STATE];

/** Name of the device class and of the char device directory entries. */
export const UACCE_CLASS_NAME = 'uacce';
/** Default sysfs directory holding one folder per device. */
export const UACCE_SYSFS_CLASS_DIR = '/sys/class/uacce';
/** Default directory of the char devices. */
export const UACCE_DEV_DIR = '/dev';

/** Highest hardware-error threshold `isolate_strategy` accepts. */
export const UACCE_MAX_ERR_THRESHOLD = 65535;

/** Hardware-error records older than this are dropped before the isolation check (spec §1.6). */
export const UACCE_ISOLATION_WINDOW_SECONDS = 3600;

/** Suffix some vendor kernels append to `api` in no-IOMMU mode (UADK include/uacce.h). */
export const UACCE_API_VER_NOIOMMU_SUBFIX = '_noiommu';

/** True when the `flags` attribute value has UACCE_DEV_SVA set. */
export function hasSva(flags: number): boolean {
  return (flags & UACCE_DEV_SVA) !== 0;
}

/** The mmap file offset that selects region `qfrt` (UADK passes `qfrt * getpagesize()`). */
export function regionMmapOffset(qfrt: number, pageSize: number): number {
  return qfrt * pageSize;
}
