// SPDX-License-Identifier: Apache-2.0
// Input normalisation shared by the engines (platform-neutral: TextEncoder, no Buffer).

/** What node:zlib's one-shot functions accept. */
export type InputType = string | ArrayBuffer | ArrayBufferView;

let encoder: TextEncoder | undefined;

/** The bytes of `input` as a Uint8Array view (strings as UTF-8), or undefined for anything else. */
export function toBytes(input: unknown): Uint8Array | undefined {
  if (input instanceof Uint8Array) return input;
  if (typeof input === 'string') {
    encoder ??= new TextEncoder();
    return encoder.encode(input);
  }
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  if (
    input instanceof ArrayBuffer ||
    (typeof SharedArrayBuffer !== 'undefined' && input instanceof SharedArrayBuffer)
  ) {
    return new Uint8Array(input);
  }
  return undefined;
}

/** 'gzip' when the bytes start with the gzip magic, else 'zlib' (what Unzip accepts). */
export function detectFormat(bytes: Uint8Array): 'gzip' | 'zlib' {
  return bytes[0] === 0x1f && bytes[1] === 0x8b ? 'gzip' : 'zlib';
}

/** Concatenates byte chunks into one Uint8Array. */
export function concatBytes(chunks: readonly Uint8Array[], total?: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const length = total ?? chunks.reduce((sum, c) => sum + c.length, 0);
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
