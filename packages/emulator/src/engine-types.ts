// SPDX-License-Identifier: Apache-2.0
// What the ZIP engine is asked and what it answers, independent of descriptors and DMA.
import type { AlgorithmName } from './algorithm';

export interface EngineRequest {
  algorithm: AlgorithmName;
  /** Raw window bits from DW9 15:12 (compression only). */
  windowSize: number;
  /** Input bytes (after any SGL offset; the driver already skipped headers). */
  input: Buffer;
  /** Output space in bytes. */
  capacity: number;
  /** DW7 bit 25: 1 = finish, 0 = sync flush (stateful only). */
  finish: boolean;
  /** DW7 bit 27 (stateful only). */
  streamNew: boolean;
  /** DW31 and DW30 as submitted (stateful continuation carries the running values). */
  checksumWord: number;
  isizeWord: number;
}

export interface EngineResult {
  status: number;
  lstblk: number;
  consumed: number;
  /** The bytes to write at the destination; `produced` is its length. */
  output: Buffer;
  ctxDw0: number;
  ctxDw1: number;
  ctxDw2: number;
  isize: number;
  checksum: number;
}
