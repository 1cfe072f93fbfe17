// SPDX-License-Identifier: Apache-2.0
// Region sizes (spec §1.5) and the layout of the DUS region (spec §3.1):
//
//   0                    sqe_size·sq_depth        +16·cq_depth          size−8   size−4   size
//   | SQ ring (SQEs)     | CQ ring (16-byte CQEs) | unused … (≥ 1 page) | ds_rx  | ds_tx  |

import { checkInteger, checkUint, invalidValue } from './internal/validate';
import { hwTypeOf } from './qm-version';

/** Size of one completion queue entry. */
export const QM_CQE_SIZE = 16;
/** MMIO pages on V1. */
export const QM_DOORBELL_PAGE_NR = 1;
/** Offset of the V2+ doorbell inside the MMIO region; also sizes the V2 MMIO region. */
export const QM_DOORBELL_SQ_CQ_BASE_V2 = 0x1000;
/** Per-queue doorbell stride when the QM isolates doorbells (V3+ capability). */
export const QM_QP_DB_INTERVAL = 0x10000;
/** Queue depth UADK assumes when `SET_QP_INFO` is missing, and the ZIP default (cap 0x04000400). */
export const QM_Q_DEPTH = 1024;
/** Default ZIP SQ/CQ depth capability word: SQ depth in the high 16 bits, CQ depth in the low. */
export const ZIP_QP_DEPTH_CAP_DEFAULT = 0x04000400;
/** Distance of `ds_rx` from the end of the DUS region. */
export const DUS_DS_RX_FROM_END = 8;
/** Distance of `ds_tx` from the end of the DUS region. */
export const DUS_DS_TX_FROM_END = 4;
/** Value of a status word once the kernel has disabled the queue (reset, CQ overflow...). */
export const QM_QUEUE_DISABLED = 1;

function checkPageSize(pageSize: number): number {
  checkInteger('pageSize', pageSize, 4096, 2 ** 30);
  if ((pageSize & (pageSize - 1)) !== 0) throw invalidValue('pageSize', pageSize, 'must be a power of two');
  return pageSize;
}

/**
 * Size of the MMIO region (`region_mmio_size`). `hwVersion` is a UADK hw type (1, 2, 3, 5) or a
 * QM PCI revision (0x20, 0x21, 0x30, ...); doorbell isolation exists on V3+ only.
 * Throws ERR_INVALID_ARG_TYPE, ERR_OUT_OF_RANGE, ERR_INVALID_ARG_VALUE.
 */
export function mmioRegionSize(options: {
  hwVersion: number;
  pageSize: number;
  doorbellIsolation?: boolean;
}): number {
  const pageSize = checkPageSize(options.pageSize);
  const hwType = hwTypeOf(checkInteger('hwVersion', options.hwVersion, 1, 0xff));
  if (hwType === 1) {
    if (options.doorbellIsolation) throw invalidValue('doorbellIsolation', true, 'is V3+ only');
    return QM_DOORBELL_PAGE_NR * pageSize;
  }
  if (options.doorbellIsolation) {
    if (hwType < 3) throw invalidValue('doorbellIsolation', true, 'is V3+ only');
    return Math.floor(QM_QP_DB_INTERVAL / pageSize) * pageSize || pageSize;
  }
  return (1 + Math.floor(QM_DOORBELL_SQ_CQ_BASE_V2 / pageSize)) * pageSize;
}

function pageAlign(value: number, pageSize: number): number {
  return Math.ceil(value / pageSize) * pageSize;
}

/** Size of the DUS region: `PAGE_ALIGN(sqe_size·sq_depth + 16·cq_depth) + PAGE_SIZE`. Throws ERR_OUT_OF_RANGE. */
export function dusRegionSize(options: {
  sqeSize: number;
  sqDepth: number;
  cqDepth: number;
  pageSize: number;
}): number {
  const pageSize = checkPageSize(options.pageSize);
  const rings = ringBytes(options);
  return pageAlign(rings.sq + rings.cq, pageSize) + pageSize;
}

function ringBytes(options: { sqeSize: number; sqDepth: number; cqDepth: number }): {
  sq: number;
  cq: number;
} {
  const sqeSize = checkInteger('sqeSize', options.sqeSize, 1, 0xffff);
  const sqDepth = checkInteger('sqDepth', options.sqDepth, 1, 0xffff);
  const cqDepth = checkInteger('cqDepth', options.cqDepth, 1, 0xffff);
  return { sq: sqeSize * sqDepth, cq: QM_CQE_SIZE * cqDepth };
}

/** Byte offsets inside the DUS region. */
export interface DusLayout {
  /** SQ ring start (0). */
  sqOffset: number;
  /** SQ ring bytes (sqe_size·sq_depth). */
  sqSize: number;
  /** CQ ring start (= sqSize, where UADK puts `cq_base`). */
  cqOffset: number;
  /** CQ ring bytes (16·cq_depth). */
  cqSize: number;
  /** `ds_rx` status word (u32 at size − 8). */
  dsRxOffset: number;
  /** `ds_tx` status word (u32 at size − 4). */
  dsTxOffset: number;
  /** The whole region. */
  size: number;
}

/**
 * The ring and status-word offsets of a DUS region of `dusSize` bytes. Throws ERR_OUT_OF_RANGE,
 * and ERR_INVALID_ARG_VALUE when the rings and status words do not fit in `dusSize`.
 */
export function computeDusLayout(options: {
  sqeSize: number;
  sqDepth: number;
  cqDepth: number;
  dusSize: number;
}): DusLayout {
  const rings = ringBytes(options);
  const size = checkInteger('dusSize', options.dusSize, 1, Number.MAX_SAFE_INTEGER);
  const dsRxOffset = size - DUS_DS_RX_FROM_END;
  if (rings.sq + rings.cq > dsRxOffset) {
    throw invalidValue(
      'dusSize',
      size,
      `is too small for the rings (${rings.sq + rings.cq} bytes) and status words`,
    );
  }
  return {
    sqOffset: 0,
    sqSize: rings.sq,
    cqOffset: rings.sq,
    cqSize: rings.cq,
    dsRxOffset,
    dsTxOffset: size - DUS_DS_TX_FROM_END,
    size,
  };
}

/** Splits a QM depth capability word: SQ depth in bits 31:16, CQ depth in bits 15:0. */
export function decodeQpDepthCap(word: number): { sqDepth: number; cqDepth: number } {
  checkUint('word', word, 32);
  return { sqDepth: word >>> 16, cqDepth: word & 0xffff };
}
