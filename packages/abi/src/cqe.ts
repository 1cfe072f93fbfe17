// SPDX-License-Identifier: Apache-2.0
// Completion queue entry (spec §3.4), 16 bytes, little-endian:
//   0 u32 rsvd0 | 4 u16 cmd_id | 6 u16 rsvd1 | 8 u16 sq_head | 10 u16 sq_num | 12 u16 rsvd2 | 14 u16 w7 (bit 0 phase)
import { checkBytes, checkUint, checkView, viewOf } from './internal/validate';

export const CQE_SIZE = 16;
export const CQE_CMD_ID_OFFSET = 4;
export const CQE_SQ_HEAD_OFFSET = 8;
export const CQE_SQ_NUM_OFFSET = 10;
/** The word holding the phase bit; a consumer reads it first, then (after a read barrier) the rest. */
export const CQE_W7_OFFSET = 14;
export const CQE_PHASE_MASK = 0x1;

export interface CqeFields {
  /** SQ slot whose SQE completed (the result is read back from that slot). */
  sqHead: number;
  /** Queue number. */
  sqNum: number;
  /** Phase bit: 1 on the device's first pass over the CQ, toggling on every wrap. */
  phase: number;
  /** Unused by every driver (spec open question 15). */
  cmdId: number;
}

/** The phase bit of the CQE at `offset` of `view`. Throws ERR_INVALID_ARG_TYPE, ERR_OUT_OF_RANGE. */
export function cqePhase(view: DataView, offset: number): number {
  checkView('view', view, offset, CQE_SIZE);
  return view.getUint16(offset + CQE_W7_OFFSET, true) & CQE_PHASE_MASK;
}

/** Decodes the CQE at `offset` of `view`. Throws ERR_INVALID_ARG_TYPE, ERR_OUT_OF_RANGE. */
export function decodeCqe(view: DataView, offset: number): CqeFields {
  checkView('view', view, offset, CQE_SIZE);
  return {
    sqHead: view.getUint16(offset + CQE_SQ_HEAD_OFFSET, true),
    sqNum: view.getUint16(offset + CQE_SQ_NUM_OFFSET, true),
    phase: view.getUint16(offset + CQE_W7_OFFSET, true) & CQE_PHASE_MASK,
    cmdId: view.getUint16(offset + CQE_CMD_ID_OFFSET, true),
  };
}

/**
 * Encodes a CQE into `target` (16+ bytes, reserved words zeroed) or a new array. The phase word is
 * written last, as the device does. Throws ERR_INVALID_ARG_TYPE, ERR_OUT_OF_RANGE.
 */
export function encodeCqe(fields: CqeFields, target?: Uint8Array): Uint8Array {
  const bytes = target === undefined ? new Uint8Array(CQE_SIZE) : checkBytes('target', target, CQE_SIZE);
  const sqHead = checkUint('sqHead', fields.sqHead, 16);
  const sqNum = checkUint('sqNum', fields.sqNum, 16);
  const phase = checkUint('phase', fields.phase, 1);
  const cmdId = checkUint('cmdId', fields.cmdId ?? 0, 16);
  const view = viewOf(bytes);
  view.setUint32(0, 0, true);
  view.setUint16(CQE_CMD_ID_OFFSET, cmdId, true);
  view.setUint16(6, 0, true);
  view.setUint16(CQE_SQ_HEAD_OFFSET, sqHead, true);
  view.setUint16(CQE_SQ_NUM_OFFSET, sqNum, true);
  view.setUint16(12, 0, true);
  view.setUint16(CQE_W7_OFFSET, phase, true);
  return bytes.length === CQE_SIZE ? bytes : bytes.subarray(0, CQE_SIZE);
}
