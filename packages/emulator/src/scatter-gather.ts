// SPDX-License-Identifier: Apache-2.0
// Buffers named by a descriptor: a flat buffer, or a chain of hardware SGLs (spec §3.7):
//
//   SGL @ 64-byte aligned address
//   +0  u64 next_dma ──► next SGL (0 = last)
//   +8  u16 entry_sum_in_chain   +10 u16 entry_sum_in_sgl   +12 u16 entry_length_in_sgl
//   +64 SGE[0] { u64 buffer @0, u64 page_ctrl @8, u32 length @16, ... } 32 bytes each
import type { ClientMemory } from './client-memory';
import { SGE_MAX_PER_SGL, SGE_SIZE, SGL_HEADER_SIZE } from './constants';

/** One contiguous piece of client memory. */
export interface Segment {
  address: bigint;
  length: number;
}

/** A descriptor the device refuses (bad SGL shape or a limit); becomes BAD_REQUEST. */
export class MalformedRequest {
  constructor(readonly reason: string) {}
}

// A chain longer than this is treated as a loop (a chain is bounded in practice by the
// drivers' pools: 256 SGLs per queue in UADK, spec §3.7).
const MAX_SGLS_IN_CHAIN = 4096;

/** Walks an SGL chain into its segments (empty SGEs skipped). */
export function readSglChain(memory: ClientMemory, first: bigint): Segment[] {
  const segments: Segment[] = [];
  let address = first;
  for (let count = 0; address !== 0n; count++) {
    if (count >= MAX_SGLS_IN_CHAIN) throw new MalformedRequest('SGL chain too long or looped');
    if (address % 64n !== 0n) throw new MalformedRequest('SGL not 64-byte aligned');
    const header = memory.read(address, SGL_HEADER_SIZE);
    const used = header.readUInt16LE(10);
    const capacity = header.readUInt16LE(12);
    if (used > SGE_MAX_PER_SGL || used > capacity) throw new MalformedRequest('bad SGE count');
    const entries = memory.read(address + BigInt(SGL_HEADER_SIZE), used * SGE_SIZE);
    for (let i = 0; i < used; i++) {
      const length = entries.readUInt32LE(i * SGE_SIZE + 16);
      if (length > 0) segments.push({ address: entries.readBigUInt64LE(i * SGE_SIZE), length });
    }
    address = header.readBigUInt64LE(0);
  }
  return segments;
}

/** Drops the first `skip` bytes of a segment list (DW7/DW8 SGL data offsets). */
export function skipBytes(segments: Segment[], skip: number): Segment[] {
  const out: Segment[] = [];
  let remaining = skip;
  for (const segment of segments) {
    if (remaining >= segment.length) {
      remaining -= segment.length;
      continue;
    }
    out.push({ address: segment.address + BigInt(remaining), length: segment.length - remaining });
    remaining = 0;
  }
  if (remaining > 0) throw new MalformedRequest('SGL offset beyond the list');
  return out;
}

/** Total bytes of a segment list. */
export function totalLength(segments: Segment[]): number {
  let total = 0;
  for (const segment of segments) total += segment.length;
  return total;
}

/** Reads the first `length` bytes of a segment list into one Buffer. */
export function gather(memory: ClientMemory, segments: Segment[], length: number): Buffer {
  if (totalLength(segments) < length) throw new MalformedRequest('input longer than its buffers');
  const parts: Buffer[] = [];
  let remaining = length;
  for (const segment of segments) {
    if (remaining === 0) break;
    const take = Math.min(remaining, segment.length);
    parts.push(memory.read(segment.address, take));
    remaining -= take;
  }
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts, length);
}

/** Writes `data` across a segment list, in order (the caller checked it fits). */
export function scatter(memory: ClientMemory, segments: Segment[], data: Buffer): void {
  let offset = 0;
  for (const segment of segments) {
    if (offset >= data.length) break;
    const take = Math.min(data.length - offset, segment.length);
    memory.write(segment.address, data.subarray(offset, offset + take));
    offset += take;
  }
}
