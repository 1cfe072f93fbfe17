// SPDX-License-Identifier: Apache-2.0
// Loading the @uacce packages at run time, by the shape this harness needs, so a package that is
// not built yet (or not exporting a name yet) turns its contenders into "skipped: <why>" instead of
// breaking the benchmark. Import from dist/ happens here only, inside child processes.
import { existsSync, readdirSync } from 'node:fs';
import type { Transform } from 'node:stream';
import { SkipError } from './types';

type Callback = (error: Error | null, output: Buffer) => void;
type WebTransform = { readable: ReadableStream<Uint8Array>; writable: WritableStream<BufferSource> };

/** The subset of @uacce/stream's node:zlib-shaped API the benchmark drives. */
export interface UacceStreamModule {
  gzipSync(input: Uint8Array, options?: object): Buffer;
  gunzipSync(input: Uint8Array, options?: object): Buffer;
  gzip(input: Uint8Array, options: object, callback: Callback): void;
  gunzip(input: Uint8Array, options: object, callback: Callback): void;
  createGzip(options?: object): Transform;
  createGunzip(options?: object): Transform;
  CompressionStream: new (format: 'gzip', options?: object) => WebTransform;
  DecompressionStream: new (format: 'gzip', options?: object) => WebTransform;
}

export interface EmulatorHandle {
  env: Record<string, string>;
  stop(): unknown;
}

interface UacceEmulatorModule {
  startEmulator(options?: object): EmulatorHandle | Promise<EmulatorHandle>;
}

function describe(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return code === undefined ? `${message}` : `${String(code)}: ${message}`;
}

/** Imports @uacce/stream and checks it exports `names`; throws SkipError otherwise. */
export async function loadUacceStream(
  names: readonly (keyof UacceStreamModule)[],
): Promise<UacceStreamModule> {
  let module: Record<string, unknown>;
  try {
    module = (await import('@uacce/stream')) as Record<string, unknown>;
  } catch (error) {
    throw new SkipError(`@uacce/stream does not load (${describe(error)})`);
  }
  const source = (module.default as Record<string, unknown> | undefined) ?? module;
  const missing = names.filter((name) => typeof (module[name] ?? source[name]) !== 'function');
  if (missing.length > 0) throw new SkipError(`@uacce/stream does not export ${missing.join(', ')} yet`);
  return { ...source, ...module } as unknown as UacceStreamModule;
}

/** Starts the bundled emulator and points this process's qm at it (qm reads env at call time). */
export async function startUacceEmulator(): Promise<EmulatorHandle> {
  let module: UacceEmulatorModule;
  try {
    module = (await import('@uacce/emulator')) as unknown as UacceEmulatorModule;
  } catch (error) {
    throw new SkipError(`@uacce/emulator does not load (${describe(error)})`);
  }
  if (typeof module.startEmulator !== 'function')
    throw new SkipError('@uacce/emulator does not export startEmulator yet');
  let handle: EmulatorHandle;
  try {
    handle = await module.startEmulator();
  } catch (error) {
    throw new SkipError(`the emulator does not start (${describe(error)})`);
  }
  Object.assign(process.env, handle.env);
  return handle;
}

/** Throws SkipError unless this machine has a HiSilicon ZIP device under the uacce sysfs root. */
export function requireHardware(): void {
  const root = process.env.UACCE_SYSFS_ROOT ?? '/sys/class/uacce';
  const devices = existsSync(root) ? readdirSync(root).filter((name) => name.startsWith('hisi_zip')) : [];
  if (devices.length === 0) throw new SkipError(`no hisi_zip device under ${root} on this machine`);
  // The hardware contenders must not silently reach an emulator the caller's shell pointed at.
  process.env.UACCE_TRANSPORT = 'kernel';
}
