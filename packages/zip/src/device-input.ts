// SPDX-License-Identifier: Apache-2.0
// How a run of input bytes is named in a descriptor: one flat buffer, or a chain of hardware SGLs
// (spec §3.7) when the bytes live in several Buffers, so several inputs go in one descriptor
// without concatenation copies. Output is always one buffer per descriptor.
import { encodeSgl, SGL_ALIGNMENT, SGL_MAX_ENTRIES, sglByteLength } from '@uacce/abi';
import { acquireSglPair, releaseSglPair } from './internal/sgl-pool';
//
//   SGL (64-byte aligned)                         next SGL
//   +0  next_dma ─────────────────────────────►  +0 next_dma = 0 (last)
//   +8  entry_sum_in_chain  +10 entry_sum_in_sgl  +12 entry_length_in_sgl
//   +64 SGE[0] { +0 address, +16 length }  +96 SGE[1] ...  (≤ 255 SGEs per SGL)

/** Resolves the virtual address of a view's first byte (SVA: the device reads it directly). */
export type AddressOf = (view: Uint8Array) => bigint;

/** The buffer fields of a descriptor plus what must stay alive until its completion. */
export interface DeviceBuffers {
  /** DW9 11:8: 0 flat, 1 SGL (for source and destination alike). */
  bufferType: number;
  /** DW18/19: the input buffer, or the first input SGL. */
  source: bigint;
  /** DW20/21: the output buffer, or its SGL. */
  dest: bigint;
  /** DW4: input bytes. */
  length: number;
  /** The views and SGL memory the device touches. */
  keepAlive: unknown[];
  /**
   * Returns reusable SGL memory to its pool; call only once the descriptor's completion has been
   * read back (the device is done with it). Never called on a failure: then the memory is dropped.
   */
  release?: () => void;
}

const SGL_BYTES = sglByteLength(SGL_MAX_ENTRIES);

/** Offset into memory based at `base` where an SGL starting at or after `from` is 64-byte aligned. */
function alignedOffset(base: bigint, from: number): number {
  const misalignment = Number((base + BigInt(from)) % BigInt(SGL_ALIGNMENT));
  return misalignment === 0 ? from : from + SGL_ALIGNMENT - misalignment;
}

/** Writes the SGL chain for `views` into fresh memory and returns its first address. */
function buildSglChain(
  views: readonly Uint8Array[],
  addressOf: AddressOf,
): { address: bigint; memory: Uint8Array } {
  const sglCount = Math.ceil(views.length / SGL_MAX_ENTRIES);
  const memory = new Uint8Array(sglCount * (SGL_BYTES + SGL_ALIGNMENT));
  const base = addressOf(memory);
  const offsets: number[] = [];
  for (let i = 0, cursor = 0; i < sglCount; i++, cursor += SGL_BYTES) {
    cursor = alignedOffset(base, cursor);
    offsets.push(cursor);
  }
  offsets.forEach((offset, index) => {
    const next = offsets[index + 1];
    const entries = views.slice(index * SGL_MAX_ENTRIES, (index + 1) * SGL_MAX_ENTRIES);
    // Like UADK and the kernel: capacity 255 per SGL, entry_sum_in_chain = capacity (spec §3.7).
    encodeSgl(
      {
        next: next === undefined ? 0n : base + BigInt(next),
        entries: entries.map((view) => ({ address: addressOf(view), length: view.length })),
        capacity: SGL_MAX_ENTRIES,
      },
      memory.subarray(offset, offset + SGL_BYTES),
    );
  });
  return { address: base + BigInt(offsets[0] as number), memory };
}

/**
 * Describes `views` (in order, none empty) as the source and `output` as the destination of one
 * descriptor. DW9's buffer type covers both buffers, so when the input needs an SGL the output
 * becomes a one-entry SGL too. A zero-length input names the output's address: the device needs a
 * valid source address even when it reads nothing (spec §7). Up to 255 input views go into two
 * pooled SGLs (see sgl-pool.ts); longer lists build a fresh chain.
 */
export function describeBuffers(
  views: readonly Uint8Array[],
  output: Uint8Array,
  addressOf: AddressOf,
): DeviceBuffers {
  let length = 0;
  for (const view of views) length += view.length;
  if (views.length <= 1) {
    const source = views[0] ?? output;
    return {
      bufferType: 0,
      source: addressOf(source),
      dest: addressOf(output),
      length,
      keepAlive: [source, output],
    };
  }
  if (views.length <= SGL_MAX_ENTRIES) {
    const pair = acquireSglPair(addressOf);
    const keepAlive: unknown[] = [pair.memory];
    for (const view of views) keepAlive.push(view);
    keepAlive.push(output);
    return {
      bufferType: 1,
      source: pair.writeInput(views, addressOf),
      dest: pair.writeOutput(output, addressOf),
      length,
      keepAlive,
      release: () => releaseSglPair(addressOf, pair),
    };
  }
  const input = buildSglChain(views, addressOf);
  const dest = buildSglChain([output], addressOf);
  return {
    bufferType: 1,
    source: input.address,
    dest: dest.address,
    length,
    keepAlive: [input.memory, dest.memory, ...views, output],
  };
}
