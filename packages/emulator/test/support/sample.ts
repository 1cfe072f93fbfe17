// SPDX-License-Identifier: Apache-2.0
// Deterministic compressible text of a given size.
export function sample(size: number, seed = 7): Buffer {
  const words = ['alpha', 'beta', 'gamma', 'delta', 'uacce', 'zip', 'queue', 'doorbell', 'phase'];
  const parts: string[] = [];
  let length = 0;
  let state = seed;
  while (length < size) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    const word = words[state % words.length]!;
    parts.push(word);
    length += word.length + 1;
  }
  return Buffer.from(parts.join(' ').slice(0, size));
}
