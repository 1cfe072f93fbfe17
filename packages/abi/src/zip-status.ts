// SPDX-License-Identifier: Apache-2.0
// Completion status of a ZIP SQE (DW3 bits 7:0, spec §4.6). Only these values are named by the
// sources; every other non-zero value is an error whose meaning is unknown (spec open question 8).
import { HardwareStatusError } from './errors';

export interface ZipStatusEntry {
  value: number;
  /** The sources' spelling (UADK / kernel macro names without prefixes). */
  name: string;
  meaning: string;
  /** True when drivers treat the completion as a success. */
  ok: boolean;
}

function entry(value: number, name: string, meaning: string, ok: boolean): ZipStatusEntry {
  return Object.freeze({ value, name, meaning, ok });
}

/** The status table, keyed by name. */
export const ZIP_STATUS = Object.freeze({
  SUCCESS: entry(0x00, 'SUCCESS', 'success', true),
  NEGACOMPRESS: entry(
    0x0d,
    'NEGACOMPRESS',
    'negative compression: output not smaller than input (success)',
    true,
  ),
  DSTLEN_OUT: entry(0x0e, 'DSTLEN_OUT', 'dest_avail_out insufficient', false),
  IN_DATA_DIF_CHECK_ERR: entry(0x0f, 'IN_DATA_DIF_CHECK_ERR', 'input-data DIF check error', false),
  CRC_ERR: entry(0x10, 'CRC_ERR', 'CRC/checksum error', false),
  UNCOMP_DIF_CHECK_ERR: entry(0x12, 'UNCOMP_DIF_CHECK_ERR', 'uncompressed-data DIF check error', false),
  DECOMP_END: entry(0x13, 'DECOMP_END', 'decompression end (with lstblk = 1: stream end)', true),
} as const);

/** Every entry of the table, by ascending value. */
export const ZIP_STATUS_LIST: readonly ZipStatusEntry[] = Object.freeze(
  Object.values(ZIP_STATUS).sort((a, b) => a.value - b.value),
);

/** The table entry of a status value; undefined for values the sources do not name. */
export function lookupZipStatus(value: number): ZipStatusEntry | undefined {
  return ZIP_STATUS_LIST.find((candidate) => candidate.value === value);
}

/** True for the success statuses 0x00, 0x0D and 0x13; any other value is an error. */
export function isZipStatusOk(value: number): boolean {
  return lookupZipStatus(value)?.ok === true;
}

/**
 * The typed error for an error status: code ERR_UACCE_HW_STATUS with the table's name, or
 * ERR_UACCE_HW_STATUS_UNKNOWN for values the table does not name.
 */
export function zipStatusError(value: number, options?: { cause?: unknown }): HardwareStatusError {
  const known = lookupZipStatus(value);
  const message = `ZIP completion status 0x${value.toString(16).padStart(2, '0')}: ${known?.meaning ?? 'unknown status'}`;
  return new HardwareStatusError(value, known?.name, message, options);
}
