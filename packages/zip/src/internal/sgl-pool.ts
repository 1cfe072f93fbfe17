// SPDX-License-Identifier: Apache-2.0
// Reusable SGL memory for the common case of one input SGL (≤ 255 views) and the one-entry output
// SGL. A fresh chain costs two zero-filled 8 KiB allocations, an address lookup for each and an
// object per entry: most of a descriptor's driver time. A pair is taken per descriptor and given
// back only after its completion was read (the device is done with it); on any failure it is
// simply dropped, so memory a hung device may still read is never written again.
//
//   memory: [pad][input SGL, capacity 255][pad][output SGL, capacity 255]   both 64-byte aligned
//
// The bytes written are those abi's encodeSgl writes for the same list (header, then address and
// length per SGE; everything else zero), so the device sees the same SGLs as before.
import { SGE_SIZE, SGL_ALIGNMENT, SGL_HEADER_SIZE, SGL_MAX_ENTRIES, sglByteLength } from '@uacce/abi';
import type { AddressOf } from '../device-input';

const SGL_BYTES = sglByteLength(SGL_MAX_ENTRIES);
const PAIR_BYTES = 2 * (SGL_BYTES + SGL_ALIGNMENT);
/** Pairs kept per address space; more in flight at once are allocated and dropped. */
const POOL_LIMIT = 16;

function aligned(base: bigint, from: number): number {
  const misalignment = Number((base + BigInt(from)) % BigInt(SGL_ALIGNMENT));
  return misalignment === 0 ? from : from + SGL_ALIGNMENT - misalignment;
}

/** Two SGLs in one block of memory whose address is resolved once. */
export class SglPair {
  readonly memory = new Uint8Array(PAIR_BYTES);
  readonly #view = new DataView(this.memory.buffer);
  readonly #inputAt: number;
  readonly #outputAt: number;
  readonly #inputAddress: bigint;
  readonly #outputAddress: bigint;
  // Entries written by the last use: stale ones past the new count are zeroed again.
  #inputCount = 0;

  constructor(addressOf: AddressOf) {
    const base = addressOf(this.memory);
    this.#inputAt = aligned(base, 0);
    this.#outputAt = aligned(base, this.#inputAt + SGL_BYTES);
    this.#inputAddress = base + BigInt(this.#inputAt);
    this.#outputAddress = base + BigInt(this.#outputAt);
  }

  /** Writes the input SGL (1..255 views) and returns its address. */
  writeInput(views: readonly Uint8Array[], addressOf: AddressOf): bigint {
    const count = views.length;
    for (let index = 0; index < count; index++) {
      const view = views[index] as Uint8Array;
      this.#entry(this.#inputAt, index, addressOf(view), view.length);
    }
    for (let index = count; index < this.#inputCount; index++) this.#entry(this.#inputAt, index, 0n, 0);
    this.#inputCount = count;
    this.#header(this.#inputAt, count);
    return this.#inputAddress;
  }

  /** Writes the one-entry output SGL and returns its address. */
  writeOutput(output: Uint8Array, addressOf: AddressOf): bigint {
    this.#entry(this.#outputAt, 0, addressOf(output), output.length);
    this.#header(this.#outputAt, 1);
    return this.#outputAddress;
  }

  /** next_dma 0, entry_sum_in_chain = capacity (as UADK and the kernel write it, spec §3.7). */
  #header(at: number, count: number): void {
    const view = this.#view;
    view.setBigUint64(at, 0n, true);
    view.setUint16(at + 8, SGL_MAX_ENTRIES, true);
    view.setUint16(at + 10, count, true);
    view.setUint16(at + 12, SGL_MAX_ENTRIES, true);
  }

  #entry(at: number, index: number, address: bigint, length: number): void {
    const entry = at + SGL_HEADER_SIZE + SGE_SIZE * index;
    this.#view.setBigUint64(entry, address, true);
    this.#view.setUint32(entry + 16, length, true);
  }
}

const pools = new WeakMap<AddressOf, SglPair[]>();

/** A pair for the address space of `addressOf` (pooled, or new). */
export function acquireSglPair(addressOf: AddressOf): SglPair {
  return pools.get(addressOf)?.pop() ?? new SglPair(addressOf);
}

/** Gives a pair back after its descriptor completed. */
export function releaseSglPair(addressOf: AddressOf, pair: SglPair): void {
  let pool = pools.get(addressOf);
  if (pool === undefined) {
    pool = [];
    pools.set(addressOf, pool);
  }
  if (pool.length < POOL_LIMIT) pool.push(pair);
}
