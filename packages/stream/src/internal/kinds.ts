// SPDX-License-Identifier: Apache-2.0
// The seven node:zlib stream kinds (Brotli aside) and what each means for the engines.
import type { Format } from '../options';

/** A node:zlib deflate-family stream kind, named like its factory (`createGzip` → 'gzip'). */
export type Kind = 'gzip' | 'gunzip' | 'deflate' | 'inflate' | 'deflateRaw' | 'inflateRaw' | 'unzip';

export type Direction = 'compress' | 'decompress';

export interface KindInfo {
  /** The wire format; 'unzip' reports 'gzip' until the stream's first bytes say otherwise. */
  format: Format;
  direction: Direction;
  /** True for Unzip, which accepts gzip or zlib and tells them apart by the first bytes. */
  detect: boolean;
}

export const KINDS: Readonly<Record<Kind, KindInfo>> = {
  gzip: { format: 'gzip', direction: 'compress', detect: false },
  gunzip: { format: 'gzip', direction: 'decompress', detect: false },
  deflate: { format: 'zlib', direction: 'compress', detect: false },
  inflate: { format: 'zlib', direction: 'decompress', detect: false },
  deflateRaw: { format: 'deflate-raw', direction: 'compress', detect: false },
  inflateRaw: { format: 'deflate-raw', direction: 'decompress', detect: false },
  unzip: { format: 'gzip', direction: 'decompress', detect: true },
};
