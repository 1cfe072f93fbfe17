// SPDX-License-Identifier: Apache-2.0
// The part of @uacce/zip this package uses (docs/contracts.md "@uacce/zip → @uacce/stream").
// Declared here, structurally, so the software path type-checks and runs without the zip package
// and this one module adapts if zip's surface grows.
import type { Format } from '../options';

export type ZipFlush = 'none' | 'sync' | 'full' | 'finish';
export type ZipDirection = 'compress' | 'decompress';

/** A stateful hardware session: each write returns the output it produced. */
export interface ZipSession {
  write(chunk: Uint8Array, flush: ZipFlush): Promise<Uint8Array[]>;
  close(): unknown;
}

/** A decompression session: knows when the compressed stream ended and what followed it. */
export interface ZipDecompressSession extends ZipSession {
  readonly ended: boolean;
  /** Input bytes received after the end of the compressed stream (empty while not ended). */
  readonly trailing: Uint8Array;
}

/** The engine object `openZipEngine()` resolves to. */
export interface ZipEngine {
  supports(format: Format, direction: ZipDirection): boolean;
  compress(
    format: Format,
    input: Uint8Array,
    options?: { level?: number; windowBits?: number },
  ): Promise<Uint8Array>;
  decompress(format: Format, input: Uint8Array, options?: { maxOutputLength?: number }): Promise<Uint8Array>;
  compressSync(
    format: Format,
    input: Uint8Array,
    options?: { level?: number; windowBits?: number },
  ): Uint8Array;
  decompressSync(format: Format, input: Uint8Array, options?: { maxOutputLength?: number }): Uint8Array;
  createCompressSession(options: { format: Format; level?: number; windowBits?: number }): ZipSession;
  createDecompressSession(options: { format: Format; maxOutputLength?: number }): ZipDecompressSession;
  close(): unknown;
  /** Device name, when zip reports it. */
  readonly device?: string | { name?: string } | undefined;
  /** True when served by the emulator, when zip reports it. */
  readonly emulated?: boolean | undefined;
}

/** Options passed through to `openZipEngine`. */
export interface ZipEngineOptions {
  transport?: 'kernel' | 'emulator';
  sysfsRoot?: string;
  emulatorSocket?: string;
  env?: Record<string, string | undefined>;
  maxQueues?: number;
}

/** The module shape of @uacce/zip as far as this package needs it. */
export interface ZipModule {
  openZipEngine(options?: ZipEngineOptions): Promise<ZipEngine>;
}
