// SPDX-License-Identifier: Apache-2.0
import type { ByteSource } from './byte-source';

/**
 * Several Uint8Arrays read as one run of bytes without concatenating them: the framing parsers
 * read through it and the descriptor builder turns a range of it into SGL entries.
 * Empty chunks are dropped on entry (the hardware skips empty SGEs anyway, spec §3.7).
 */
export class ChunkList implements ByteSource {
  readonly chunks: Uint8Array[] = [];
  #length = 0;
  // Where the last `at` found its byte: parsers read forward, so the next lookup starts there
  // (a header spread over thousands of chunks is then read in linear time).
  #cursorChunk = 0;
  #cursorStart = 0;

  constructor(chunks: readonly Uint8Array[] = []) {
    for (const chunk of chunks) this.push(chunk);
  }

  get length(): number {
    return this.#length;
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.#length += chunk.length;
  }

  at(index: number): number | undefined {
    if (index < 0 || index >= this.#length) return undefined;
    if (index < this.#cursorStart) {
      this.#cursorChunk = 0;
      this.#cursorStart = 0;
    }
    for (;;) {
      const chunk = this.chunks[this.#cursorChunk] as Uint8Array;
      if (index < this.#cursorStart + chunk.length) return chunk[index - this.#cursorStart];
      this.#cursorStart += chunk.length;
      this.#cursorChunk += 1;
    }
  }

  slice(start: number, end: number): Uint8Array {
    const from = Math.max(0, Math.min(start, this.#length));
    const to = Math.max(from, Math.min(end, this.#length));
    const out = new Uint8Array(to - from);
    let written = 0;
    for (const piece of this.ranges(from, to - from)) {
      out.set(piece, written);
      written += piece.length;
    }
    return out;
  }

  /** The bytes [start, start + length) as subarray views of the chunks, in order (no copies). */
  ranges(start: number, length: number): Uint8Array[] {
    const views: Uint8Array[] = [];
    let skip = start;
    let want = Math.min(length, this.#length - start);
    for (const chunk of this.chunks) {
      if (want <= 0) break;
      if (skip >= chunk.length) {
        skip -= chunk.length;
        continue;
      }
      const take = Math.min(chunk.length - skip, want);
      views.push(chunk.subarray(skip, skip + take));
      want -= take;
      skip = 0;
    }
    return views;
  }

  /** Drops the first `count` bytes (consumed input), keeping views of what remains. */
  consume(count: number): void {
    let rest = Math.min(count, this.#length);
    this.#length -= rest;
    this.#cursorChunk = 0;
    this.#cursorStart = 0;
    // Whole chunks go in one splice (shifting one at a time is quadratic over many tiny chunks).
    let drop = 0;
    while (rest > 0 && rest >= (this.chunks[drop] as Uint8Array).length) {
      rest -= (this.chunks[drop] as Uint8Array).length;
      drop += 1;
    }
    if (drop > 0) this.chunks.splice(0, drop);
    if (rest > 0) this.chunks[0] = (this.chunks[0] as Uint8Array).subarray(rest);
  }
}
