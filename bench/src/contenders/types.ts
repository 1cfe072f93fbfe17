// SPDX-License-Identifier: Apache-2.0
// What a contender is: a named way of compressing or decompressing a whole message, opened
// inside a fresh child process, run many times, and held against a node:zlib counterpart.
import type { Transform } from 'node:stream';

export type Level = 1 | 6 | 9;
export type Operation = 'compress' | 'decompress';
export type Family = 'node:zlib' | 'web' | 'pako' | 'fflate' | '@uacce/stream';
export type Engine = 'software' | 'emulator' | 'hardware';
export type Output = Uint8Array | Promise<Uint8Array>;

/** One opened codec: `run` turns one whole input into one whole output (gzip format). */
export interface Codec {
  /** True when `run` returns synchronously (the runner then loops without awaiting). */
  readonly sync: boolean;
  run(input: Buffer): Output;
  /** A fresh Node Transform doing the same work, for the memory scenario (streams only). */
  createTransform?(): Transform;
  /** The engine that served the last call, when the contender reports one. */
  servedBy?(): string | undefined;
}

/** Static description of a contender, known to the parent without loading anything. */
export interface ContenderInfo {
  id: string;
  label: string;
  family: Family;
  engine?: Engine;
  /** Which contender this one must keep up with (the targets), if any. */
  counterpart?: string;
  /** Levels it can be asked for; the others are reported as skipped. */
  levels?: readonly Level[];
}

/** A contender: its description plus how to open it in a child process. */
export interface Contender extends ContenderInfo {
  /** Opens a codec; throws `SkipError` when the contender cannot run on this machine. */
  open(operation: Operation, level: Level): Promise<Codec>;
  /** Releases what `open` acquired (emulator, queues). Idempotent. */
  close?(): Promise<void>;
}

/** Thrown by `open` when a contender cannot run here; reported as skipped with the reason. */
export class SkipError extends Error {
  override readonly name = 'SkipError';
}
