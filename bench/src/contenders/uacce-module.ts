// SPDX-License-Identifier: Apache-2.0
// Loading the @uacce packages at run time, by the shape this harness needs, so a package that is
// not built yet (or not exporting a name yet) turns its contenders into "skipped: <why>" instead of
// breaking the benchmark. Import from dist/ happens here only, inside child processes.
import { existsSync, readdirSync } from 'node:fs';
import type { Transform } from 'node:stream';
import { importPackage } from '../import-package';
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
  /** Process-wide counters per engine (optional: used to report which engine served a run). */
  metrics?(): {
    hardware: { bytesIn: number };
    software: { bytesIn: number };
    fallbacks: Record<string, number>;
  };
  /** Returns the shared hardware engine's queues (optional). */
  closeHardware?(): Promise<void>;
}

/** Which engine served this process's work so far, from @uacce/stream's metrics. */
export function servedByMetrics(module: UacceStreamModule): string | undefined {
  const m = module.metrics?.();
  if (!m) return undefined;
  const { hardware, software } = m;
  const fallbacks = Object.entries(m.fallbacks).map(([reason, count]) => `${reason} ×${count}`);
  const suffix = fallbacks.length > 0 ? ` (fallbacks: ${fallbacks.join(', ')})` : '';
  if (hardware.bytesIn === 0 && software.bytesIn === 0) return undefined;
  if (software.bytesIn === 0) return `hardware${suffix}`;
  if (hardware.bytesIn === 0) return `software${suffix}`;
  const share = (100 * hardware.bytesIn) / (hardware.bytesIn + software.bytesIn);
  return `mixed, ${share.toFixed(0)}% of input on hardware${suffix}`;
}

interface UacceEmulatorModule {
  startEmulator(options?: object): Promise<{ env: object; stop(): unknown }>;
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
    module = await importPackage('@uacce/stream');
  } catch (error) {
    throw new SkipError(`@uacce/stream does not load (${describe(error)})`);
  }
  const source = (module.default as Record<string, unknown> | undefined) ?? module;
  const missing = names.filter((name) => typeof (module[name] ?? source[name]) !== 'function');
  // metrics and closeHardware are optional helpers, not required names.
  if (missing.length > 0) throw new SkipError(`@uacce/stream does not export ${missing.join(', ')} yet`);
  return { ...source, ...module } as unknown as UacceStreamModule;
}

/** The emulator every emulated contender shares (the parent starts it, as a device exists before the process). */
export type SharedEmulator = { env: Record<string, string>; stop(): Promise<void> } | { skip: string };

/** Environment a child gets when the emulator could not start: its contenders report this reason. */
export const EMULATOR_SKIP_VARIABLE = 'UACCE_BENCH_EMULATOR_SKIP';

/** Starts the bundled emulator for the whole run, or says why it cannot (never throws). */
export async function startSharedEmulator(): Promise<SharedEmulator> {
  let module: UacceEmulatorModule;
  try {
    module = (await importPackage('@uacce/emulator')) as unknown as UacceEmulatorModule;
  } catch (error) {
    return { skip: `@uacce/emulator does not load (${describe(error)})` };
  }
  if (typeof module.startEmulator !== 'function')
    return { skip: '@uacce/emulator does not export startEmulator yet' };
  try {
    const handle = await module.startEmulator();
    return { env: { ...handle.env }, stop: async () => void (await handle.stop()) };
  } catch (error) {
    return { skip: `the emulator does not start (${describe(error)})` };
  }
}

/** Throws SkipError unless the parent handed this child a running emulator. */
export function requireEmulator(): void {
  if (process.env.UACCE_EMULATOR_SOCKET) return;
  throw new SkipError(process.env[EMULATOR_SKIP_VARIABLE] ?? 'no emulator was started for this run');
}

/** Throws SkipError unless this machine has a HiSilicon ZIP device under the uacce sysfs root. */
export function requireHardware(): void {
  const root = process.env.UACCE_SYSFS_ROOT ?? '/sys/class/uacce';
  const devices = existsSync(root) ? readdirSync(root).filter((name) => name.startsWith('hisi_zip')) : [];
  if (devices.length === 0) throw new SkipError(`no hisi_zip device under ${root} on this machine`);
  // The hardware contenders must not silently reach an emulator the caller's shell pointed at.
  process.env.UACCE_TRANSPORT = 'kernel';
}
