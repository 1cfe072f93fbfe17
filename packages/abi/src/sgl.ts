// SPDX-License-Identifier: Apache-2.0
// Hardware scatter-gather list (spec §3.7), used when the SQE buffer type is 1. Little-endian:
//
//   0  u64 next_dma (0 = last)     8 u16 entry_sum_in_chain   10 u16 entry_sum_in_sgl
//   12 u16 entry_length_in_sgl     14 u16 pad                 16–63 no hardware field (zero)
//   64 + 32·i  SGE i: 0 u64 buffer address, 8 u64 page_ctrl (software), 16 u32 length, 20 pad, 24–31 software
import { checkAddress, checkBytes, checkInteger, checkUint, invalidValue, viewOf } from './internal/validate';

export const SGL_HEADER_SIZE = 64;
export const SGE_SIZE = 32;
/** Most SGEs one SGL can hold. */
export const SGL_MAX_ENTRIES = 255;
/** Required alignment of an SGL's address. */
export const SGL_ALIGNMENT = 64;
/** UADK rejects a single SGE holding more than 8 MiB. */
export const SGE_MAX_DATA_SIZE = 8 * 1024 * 1024;

export interface SglEntry {
  address: bigint;
  length: number;
}

export interface Sgl {
  /** Address of the next SGL of the chain; 0n for the last. */
  next: bigint;
  entries: SglEntry[];
  /** SGE slots of this SGL (entry_length_in_sgl); defaults to entries.length. */
  capacity?: number;
  /** entry_sum_in_chain; drivers write the chain's capacity. Defaults to capacity. */
  chainCapacity?: number;
}

/** Bytes an SGL with `capacity` SGE slots occupies. Throws ERR_OUT_OF_RANGE. */
export function sglByteLength(capacity: number): number {
  return SGL_HEADER_SIZE + SGE_SIZE * checkInteger('capacity', capacity, 0, SGL_MAX_ENTRIES);
}

/**
 * Encodes an SGL into `target` (zeroed over the SGL's length) or a new array of
 * `sglByteLength(capacity)` bytes. Throws ERR_INVALID_ARG_TYPE, ERR_OUT_OF_RANGE,
 * ERR_INVALID_ARG_VALUE (more entries than capacity).
 */
export function encodeSgl(sgl: Sgl, target?: Uint8Array): Uint8Array {
  const capacity = checkInteger('capacity', sgl.capacity ?? sgl.entries.length, 0, SGL_MAX_ENTRIES);
  if (sgl.entries.length > capacity) {
    throw invalidValue('entries', sgl.entries.length, `must hold at most capacity (${capacity}) entries`);
  }
  const chainCapacity = checkUint('chainCapacity', sgl.chainCapacity ?? capacity, 16);
  const size = sglByteLength(capacity);
  const bytes = target === undefined ? new Uint8Array(size) : checkBytes('target', target, size);
  const next = checkAddress('next', sgl.next);
  // Validate every entry before the first write, so a bad entry never leaves a half-written SGL.
  const entries = sgl.entries.map((entry, index) => ({
    address: checkAddress(`entries[${index}].address`, entry.address),
    length: checkUint(`entries[${index}].length`, entry.length, 32),
  }));
  bytes.fill(0, 0, size);
  const view = viewOf(bytes);
  view.setBigUint64(0, next, true);
  view.setUint16(8, chainCapacity, true);
  view.setUint16(10, entries.length, true);
  view.setUint16(12, capacity, true);
  entries.forEach((entry, index) => {
    const at = SGL_HEADER_SIZE + SGE_SIZE * index;
    view.setBigUint64(at, entry.address, true);
    view.setUint32(at + 16, entry.length, true);
  });
  return bytes.length === size ? bytes : bytes.subarray(0, size);
}

/** A decoded SGL: its header counts and the valid entries. */
export interface DecodedSgl {
  next: bigint;
  entries: SglEntry[];
  capacity: number;
  chainCapacity: number;
}

/**
 * Decodes an SGL (header plus `entry_sum_in_sgl` SGEs). Throws ERR_INVALID_ARG_TYPE,
 * ERR_OUT_OF_RANGE (too short), ERR_INVALID_ARG_VALUE (count above capacity or 255).
 */
export function decodeSgl(bytes: Uint8Array): DecodedSgl {
  const view = viewOf(checkBytes('bytes', bytes, SGL_HEADER_SIZE));
  const count = view.getUint16(10, true);
  const capacity = view.getUint16(12, true);
  if (count > capacity || capacity > SGL_MAX_ENTRIES) {
    throw invalidValue('bytes', `${count}/${capacity}`, 'holds an SGE count above its capacity or above 255');
  }
  checkBytes('bytes', bytes, SGL_HEADER_SIZE + SGE_SIZE * count);
  const entries: SglEntry[] = [];
  for (let index = 0; index < count; index++) {
    const at = SGL_HEADER_SIZE + SGE_SIZE * index;
    entries.push({
      address: view.getBigUint64(at, true),
      length: view.getUint32(at + 16, true),
    });
  }
  return {
    next: view.getBigUint64(0, true),
    entries,
    capacity,
    chainCapacity: view.getUint16(8, true),
  };
}

/** True when `address` meets the SGL alignment (64 bytes). */
export function isSglAligned(address: bigint): boolean {
  return address % BigInt(SGL_ALIGNMENT) === 0n;
}
