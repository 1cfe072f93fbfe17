// SPDX-License-Identifier: Apache-2.0
// QM doorbells (spec §3.3): one 64-bit little-endian store into the MMIO region.
//
//   v1 (hisi_qm_v1, MMIO+0x340):  63..48 priority | 47..32 index | 31..16 cmd    | 15..0 queue
//   v2+ (MMIO+0x1000):            63..48 priority | 47..32 index | 31..16 rand=0 | 15..12 cmd | 11..0 queue
import { checkAddress, checkUint, invalidValue } from './internal/validate';

export const QM_DOORBELL_OFFSET_V1 = 0x340;
export const QM_DOORBELL_OFFSET_V2 = 0x1000;
/** SQ doorbell: index = new SQ tail. */
export const QM_DOORBELL_CMD_SQ = 0;
/** CQ doorbell: index = new CQ head. */
export const QM_DOORBELL_CMD_CQ = 1;
/** Event queue doorbell (kernel only). */
export const QM_DOORBELL_CMD_EQ = 2;
/** Asynchronous event queue doorbell (kernel only). */
export const QM_DOORBELL_CMD_AEQ = 3;
/** Size of a doorbell store. */
export const QM_DOORBELL_SIZE = 8;

export type DoorbellStyle = 'v1' | 'v2';

export interface DoorbellFields {
  /** Queue number (v1 16 bits, v2 12 bits). */
  queue: number;
  /** QM_DOORBELL_CMD_* (v1 16 bits, v2 4 bits). */
  command: number;
  /** New SQ tail or CQ head (16 bits). */
  index: number;
  /** 0 on SQ doorbells; 1 on a CQ doorbell re-arms the CQ interrupt (16 bits). */
  priority: number;
}

const LAYOUT = {
  v1: { queueBits: 16, commandBits: 16, commandShift: 16 },
  v2: { queueBits: 12, commandBits: 4, commandShift: 12 },
} as const;

function layoutOf(style: DoorbellStyle) {
  if (style !== 'v1' && style !== 'v2') throw invalidValue('style', style, "must be 'v1' or 'v2'");
  return LAYOUT[style];
}

/** The doorbell value. Throws ERR_INVALID_ARG_VALUE (style), ERR_INVALID_ARG_TYPE, ERR_OUT_OF_RANGE (a field too wide). */
export function encodeDoorbell(style: DoorbellStyle, fields: DoorbellFields): bigint {
  const layout = layoutOf(style);
  const queue = checkUint('queue', fields.queue, layout.queueBits);
  const command = checkUint('command', fields.command, layout.commandBits);
  const index = checkUint('index', fields.index, 16);
  const priority = checkUint('priority', fields.priority, 16);
  // Build each 32-bit half as a number: two BigInt conversions instead of four shifts and ors.
  const low = (queue | (command << layout.commandShift)) >>> 0;
  const high = (index | (priority << 16)) >>> 0;
  return (BigInt(high) << 32n) | BigInt(low);
}

/**
 * The fields of a doorbell value (v2's random-data bits 31:16 are not returned).
 * Throws ERR_INVALID_ARG_VALUE (style), ERR_INVALID_ARG_TYPE (not a bigint), ERR_OUT_OF_RANGE (not a u64).
 */
export function decodeDoorbell(style: DoorbellStyle, value: bigint): DoorbellFields {
  const layout = layoutOf(style);
  checkAddress('value', value);
  const low = Number(BigInt.asUintN(32, value));
  const high = Number(BigInt.asUintN(32, value >> 32n));
  return {
    queue: low & ((1 << layout.queueBits) - 1),
    command: (low >>> layout.commandShift) & ((1 << layout.commandBits) - 1),
    index: high & 0xffff,
    priority: high >>> 16,
  };
}

/** The 8 little-endian bytes stored for a doorbell value. Throws ERR_INVALID_ARG_TYPE, ERR_OUT_OF_RANGE. */
export function doorbellBytes(value: bigint): Uint8Array {
  checkAddress('value', value);
  const bytes = new Uint8Array(QM_DOORBELL_SIZE);
  new DataView(bytes.buffer).setBigUint64(0, value, true);
  return bytes;
}

/** UADK's rule: hw type 1 (hisi_qm_v1) uses the v1 doorbell, every other type the v2 one. */
export function doorbellStyleForHwType(hwType: number): DoorbellStyle {
  return hwType === 1 ? 'v1' : 'v2';
}

/** Offset of the doorbell register in the MMIO region. Throws ERR_INVALID_ARG_VALUE. */
export function doorbellOffset(style: DoorbellStyle): number {
  layoutOf(style);
  return style === 'v1' ? QM_DOORBELL_OFFSET_V1 : QM_DOORBELL_OFFSET_V2;
}
