// SPDX-License-Identifier: Apache-2.0
// The one owned object that holds this package's process-wide state (hardware config and engine,
// load, metrics), whatever loaded the package: the ESM and CommonJS builds, both, or two copies
// of the same version. It lives under a registered symbol on globalThis, is created on first use
// (never on import) and carries its layout version: a copy with another layout refuses to share
// it rather than misread it. Platform-neutral (browsers have globalThis too).
import { UacceDeviceError } from '@uacce/abi';

/** Bumped whenever the slots' shapes change; copies with the same number share the context. */
export const CONTEXT_LAYOUT = 1;
const KEY = Symbol.for('@uacce/stream:process-context');

interface ProcessContext {
  readonly layout: number;
  readonly slots: Record<string, unknown>;
}

function context(): ProcessContext {
  const holder = globalThis as { [KEY]?: ProcessContext };
  const found = holder[KEY];
  if (found !== undefined) {
    if (found.layout !== CONTEXT_LAYOUT) {
      throw new UacceDeviceError(
        'ERR_UACCE_CONTEXT_CONFLICT',
        `another copy of @uacce/stream (context layout ${found.layout}, this one ${CONTEXT_LAYOUT}) owns this process's hardware context`,
      );
    }
    return found;
  }
  const created: ProcessContext = { layout: CONTEXT_LAYOUT, slots: Object.create(null) };
  Object.defineProperty(globalThis, KEY, {
    value: created,
    enumerable: false,
    configurable: false,
    writable: false,
  });
  return created;
}

/** The process-wide slot `name`, created by `create` on first use. */
export function processSlot<T>(name: string, create: () => T): T {
  const slots = context().slots;
  if (!(name in slots)) slots[name] = create();
  return slots[name] as T;
}
