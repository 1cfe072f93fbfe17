// SPDX-License-Identifier: Apache-2.0
// Argument structs of the hisi_qm ioctls (include/uapi/misc/uacce/hisi_qm.h, spec §2.4),
// little-endian like every shared structure of the QM.

import { checkBytes, checkInteger, checkUint, viewOf } from './internal/validate';
import { HISI_QP_CTX_SIZE, HISI_QP_INFO_SIZE } from './ioctl';

/** Highest queue type `SET_QP_CTX` accepts; larger is EINVAL. */
export const QM_MAX_QC_TYPE = 2;

/** ZIP queue types: the direction is per queue, set by `SET_QP_CTX` before START. */
export const ZIP_QC_TYPE = Object.freeze({ COMPRESS: 0, DECOMPRESS: 1 } as const);

/** `struct hisi_qp_ctx`: `id` is the hardware queue number (out), `qcType` the queue type (in). */
export interface QpCtx {
  id: number;
  qcType: number;
}

/** `struct hisi_qp_info`, reported by `SET_QP_INFO`. */
export interface QpInfo {
  sqeSize: number;
  sqDepth: number;
  cqDepth: number;
}

/** Encodes `struct hisi_qp_ctx` (4 bytes). Throws ERR_INVALID_ARG_TYPE, ERR_OUT_OF_RANGE. */
export function encodeQpCtx(ctx: { id?: number; qcType: number }): Uint8Array {
  const bytes = new Uint8Array(HISI_QP_CTX_SIZE);
  const view = viewOf(bytes);
  view.setUint16(0, checkUint('id', ctx.id ?? 0, 16), true);
  view.setUint16(2, checkUint('qcType', ctx.qcType, 16), true);
  return bytes;
}

/** Decodes `struct hisi_qp_ctx` from at least 4 bytes. Throws ERR_INVALID_ARG_TYPE, ERR_OUT_OF_RANGE. */
export function decodeQpCtx(bytes: Uint8Array): QpCtx {
  const view = viewOf(checkBytes('bytes', bytes, HISI_QP_CTX_SIZE));
  return { id: view.getUint16(0, true), qcType: view.getUint16(2, true) };
}

/** Encodes `struct hisi_qp_info` (16 bytes, reserved u64 zero). Throws ERR_INVALID_ARG_TYPE, ERR_OUT_OF_RANGE. */
export function encodeQpInfo(info: QpInfo): Uint8Array {
  const bytes = new Uint8Array(HISI_QP_INFO_SIZE);
  const view = viewOf(bytes);
  view.setUint32(0, checkUint('sqeSize', info.sqeSize, 32), true);
  view.setUint16(4, checkUint('sqDepth', info.sqDepth, 16), true);
  view.setUint16(6, checkUint('cqDepth', info.cqDepth, 16), true);
  return bytes;
}

/** Decodes `struct hisi_qp_info` from at least 16 bytes. Throws ERR_INVALID_ARG_TYPE, ERR_OUT_OF_RANGE. */
export function decodeQpInfo(bytes: Uint8Array): QpInfo {
  const view = viewOf(checkBytes('bytes', bytes, HISI_QP_INFO_SIZE));
  return {
    sqeSize: view.getUint32(0, true),
    sqDepth: view.getUint16(4, true),
    cqDepth: view.getUint16(6, true),
  };
}

/** True when `qcType` is one `SET_QP_CTX` accepts (0..QM_MAX_QC_TYPE). */
export function isValidQcType(qcType: number): boolean {
  return Number.isInteger(qcType) && qcType >= 0 && qcType <= QM_MAX_QC_TYPE;
}

/** Returns `qcType` if `SET_QP_CTX` would accept it; throws ERR_OUT_OF_RANGE (the kernel's EINVAL) otherwise. */
export function checkQcType(qcType: number): number {
  return checkInteger('qcType', qcType, 0, QM_MAX_QC_TYPE);
}
