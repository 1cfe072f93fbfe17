// SPDX-License-Identifier: Apache-2.0
// The process's hardware engine: probed on first use (never on import), opened once, shared by
// every stream (the queue pool inside it multiplexes), dropped when the device is lost and probed
// again after `retryInterval`. Its state lives in the process context (one per process, whatever
// build or copy of this package loaded it). @uacce/zip is loaded with a dynamic import only when
// a device may exist, so the software path never loads the native addon.
import { readdirSync } from 'node:fs';
import { processSlot } from '../internal/process-context';
import { type FallbackReason, unavailableReasonOf } from './fallback-reason';
import { setMaxInFlight } from './load';
import type { ZipEngine, ZipEngineOptions, ZipModule } from './zip-types';

/** How this process reaches hardware; every field optional. */
export interface HardwareConfig extends ZipEngineOptions {
  /** An engine to use instead of opening one with @uacce/zip (or a function opening it). */
  engine?: ZipEngine | (() => Promise<ZipEngine>);
  /** Milliseconds before probing again after the device was found missing or lost (default 30000). */
  retryInterval?: number;
  /** Hardware requests in flight (process-wide) above which 'auto' sends new work to software (default 64). */
  maxInFlight?: number;
}

type State =
  | { kind: 'unknown' }
  | { kind: 'opening'; promise: Promise<ZipEngine | undefined> }
  | { kind: 'ready'; engine: ZipEngine }
  | { kind: 'unavailable'; reason: FallbackReason; error: unknown; retryAt: number };

/** This process's hardware config and engine state. */
interface HardwareSlot {
  config: HardwareConfig;
  state: State;
}

function slot(): HardwareSlot {
  return processSlot<HardwareSlot>('hardware', () => ({ config: {}, state: { kind: 'unknown' } }));
}

function config(): HardwareConfig {
  return slot().config;
}

/** Sets how hardware is reached; closes the current engine so the next use opens a new one. */
export function configureHardware(next: HardwareConfig): Promise<void> {
  slot().config = { ...next };
  setMaxInFlight(next.maxInFlight);
  return closeHardware();
}

/** Closes the shared engine (its queues go back to the device); the next use probes again. */
export async function closeHardware(): Promise<void> {
  const current = slot();
  const previous = current.state;
  current.state = { kind: 'unknown' };
  const engine =
    previous.kind === 'ready'
      ? previous.engine
      : previous.kind === 'opening'
        ? await previous.promise
        : undefined;
  await closeQuietly(engine);
}

async function closeQuietly(engine: ZipEngine | undefined): Promise<void> {
  try {
    await engine?.close();
  } catch {
    // The engine is being dropped; a failing close has nothing left to release for us.
  }
}

function env(): Readonly<Record<string, string | undefined>> {
  return (config().env ?? process.env) as Readonly<Record<string, string | undefined>>;
}

/** The device name an engine reports, if any. */
export function deviceName(engine: ZipEngine): string | undefined {
  const device = engine.device as string | { name?: string } | undefined;
  return typeof device === 'string' ? device : device?.name;
}

/** Cheap synchronous check: could a device exist (configured engine, emulator socket, sysfs entries)? */
function mayHaveDevice(): boolean {
  const { engine, emulatorSocket, transport, sysfsRoot } = config();
  if (engine !== undefined || emulatorSocket !== undefined || transport === 'emulator') return true;
  const vars = env();
  if (vars.UACCE_EMULATOR_SOCKET || vars.UACCE_TRANSPORT === 'emulator') return true;
  const root = sysfsRoot ?? vars.UACCE_SYSFS_ROOT ?? '/sys/class/uacce';
  try {
    return readdirSync(root).some((name) => name.includes('zip'));
  } catch {
    return false;
  }
}

async function loadZip(): Promise<ZipModule> {
  // A variable specifier keeps bundlers from inlining @uacce/zip into the software path.
  const specifier = '@uacce/zip';
  return (await import(specifier)) as ZipModule;
}

async function open(): Promise<ZipEngine> {
  const { engine: custom, retryInterval: _retry, maxInFlight: _max, ...zipOptions } = config();
  if (typeof custom === 'function') return custom();
  if (custom !== undefined) return custom;
  return (await loadZip()).openZipEngine(zipOptions);
}

function markUnavailable(reason: FallbackReason, error: unknown): undefined {
  const retryAt = Date.now() + (config().retryInterval ?? 30_000);
  slot().state = { kind: 'unavailable', reason, error, retryAt };
  return undefined;
}

function isCurrent(promise: Promise<ZipEngine | undefined>): boolean {
  const { state } = slot();
  return state.kind === 'opening' && state.promise === promise;
}

function startOpening(): Promise<ZipEngine | undefined> {
  const promise: Promise<ZipEngine | undefined> = open().then(
    (engine) => {
      if (isCurrent(promise)) slot().state = { kind: 'ready', engine };
      else void closeQuietly(engine);
      return engine;
    },
    (error: unknown) => (isCurrent(promise) ? markUnavailable(unavailableReasonOf(error), error) : undefined),
  );
  slot().state = { kind: 'opening', promise };
  return promise;
}

/** Probes if needed; true when hardware is ready or being opened. `force` opens even without signs of a device. */
export function hardwarePossible(force = false): boolean {
  const current = slot();
  if (current.state.kind === 'unavailable' && Date.now() >= current.state.retryAt)
    current.state = { kind: 'unknown' };
  if (current.state.kind === 'unknown') {
    if (!force && !mayHaveDevice()) {
      markUnavailable('no-device', undefined);
      return false;
    }
    void startOpening();
  }
  return current.state.kind === 'opening' || current.state.kind === 'ready';
}

/** The engine if it is open now (no waiting). */
export function readyEngine(): ZipEngine | undefined {
  const { state } = slot();
  return state.kind === 'ready' ? state.engine : undefined;
}

/** The engine once opened, or undefined when there is none. */
export function whenEngine(force = false): Promise<ZipEngine | undefined> {
  hardwarePossible(force);
  const { state } = slot();
  if (state.kind === 'ready') return Promise.resolve(state.engine);
  if (state.kind === 'opening') return state.promise;
  return Promise.resolve(undefined);
}

/**
 * Why there is no hardware now ('no-device', 'no-addon', 'permission', 'open-failed' or
 * 'device-lost'), or undefined when there may be.
 */
export function unavailableReason(): FallbackReason | undefined {
  const { state } = slot();
  return state.kind === 'unavailable' ? state.reason : undefined;
}

/** The error behind the missing hardware, if any (the addon's load error, the failed open, ...). */
export function unavailableError(): unknown {
  const { state } = slot();
  return state.kind === 'unavailable' ? state.error : undefined;
}

/** True when `engine` is served by the emulator (its own flag, else the configured transport). */
export function isEmulated(engine: ZipEngine): boolean {
  if (typeof engine.emulated === 'boolean') return engine.emulated;
  const vars = env();
  const transport = config().transport ?? vars.UACCE_TRANSPORT;
  if (transport !== undefined) return transport === 'emulator';
  return config().emulatorSocket !== undefined || Boolean(vars.UACCE_EMULATOR_SOCKET);
}

/** Called when an operation shows the device or its transport is gone: drop the engine, retry later. */
export function engineLost(engine: ZipEngine, error: unknown): void {
  const { state } = slot();
  if (state.kind !== 'ready' || state.engine !== engine) return;
  markUnavailable('device-lost', error);
  void closeQuietly(engine);
}
