// SPDX-License-Identifier: Apache-2.0
// Test helpers: deterministic data, chunking, and driving a Transform to completion.
import { Readable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Deterministic pseudo-random generator (xorshift32). */
export function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

/** Compressible but not trivial text-like data of `size` bytes. */
export function sampleData(size: number, seed = 1): Buffer {
  const random = rng(seed);
  const words = ['alpha', 'beta', 'gamma', 'delta', 'uacce', 'zip', 'queue', 'stream', '\n', '{"k":1}'];
  const parts: string[] = [];
  let length = 0;
  while (length < size) {
    const word =
      random() < 0.1 ? String(Math.floor(random() * 1e9)) : words[Math.floor(random() * words.length)]!;
    parts.push(word, ' ');
    length += word.length + 1;
  }
  return Buffer.from(parts.join('')).subarray(0, size);
}

/** Splits `data` into chunks of random sizes up to `max`. */
export function chunked(data: Buffer, max: number, seed = 7): Buffer[] {
  const random = rng(seed);
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < data.length; ) {
    const size = 1 + Math.floor(random() * max);
    chunks.push(data.subarray(offset, offset + size));
    offset += size;
  }
  return chunks;
}

/** Pipes `chunks` through `stream` and returns everything it produced. */
export async function through(stream: Transform, chunks: readonly Buffer[]): Promise<Buffer> {
  const out: Buffer[] = [];
  await pipeline(Readable.from(chunks), stream, async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) out.push(chunk);
  });
  return Buffer.concat(out);
}

/** Resolves with the error the stream emits. */
export function errorOf(stream: Transform, input: Buffer): Promise<Error> {
  return new Promise((resolve, reject) => {
    stream.on('error', resolve);
    stream.on('end', () => reject(new Error('stream ended without error')));
    stream.resume();
    stream.end(input);
  });
}
