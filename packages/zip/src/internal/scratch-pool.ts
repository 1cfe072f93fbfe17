// SPDX-License-Identifier: Apache-2.0
// Reusable output memory for small stateless compressions. A block sized for deflate's worst case
// is mostly unused once the data compresses, and a fresh one per call (plus copying the small
// result out of it) was the largest part of a small block's driver time. A scratch is taken per
// descriptor and given back only after its completion was read and the result copied out; on any
// failure it is dropped, so memory a hung device may still write is never handed out again.
import type { AddressOf } from '../device-input';

/** Scratch pieces kept per address space; more in flight at once are allocated and dropped. */
const POOL_LIMIT = 8;

const pools = new WeakMap<AddressOf, Uint8Array[]>();

/** Scratch of `capacity` bytes, pooled per address space (the caller uses a prefix of it). */
export function acquireScratch(addressOf: AddressOf, capacity: number): Uint8Array {
  const pool = pools.get(addressOf);
  const scratch = pool?.pop();
  return scratch !== undefined && scratch.length === capacity ? scratch : new Uint8Array(capacity);
}

/** Gives scratch back (as acquireScratch returned it) after its descriptor completed. */
export function releaseScratch(addressOf: AddressOf, scratch: Uint8Array): void {
  let pool = pools.get(addressOf);
  if (pool === undefined) {
    pool = [];
    pools.set(addressOf, pool);
  }
  if (pool.length < POOL_LIMIT) pool.push(scratch);
}
