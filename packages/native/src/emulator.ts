// SPDX-License-Identifier: Apache-2.0
// @uacce/native/emulator: the emulator's addon (process_vm_readv/writev, PR_SET_PTRACER,
// SO_PEERCRED), separate from the one every user loads. Importing this loads nothing.
import { type LoadNativeOptions, loadAddon, loadNative } from './binding';
import type { EmulatorBinding, EmulatorNative } from './types';

export type { EmulatorBinding, EmulatorNative } from './types';

/**
 * Loads (once per path) the emulator's addon: the prebuild, else the local build; with an
 * override (`options.path` or UACCE_NATIVE_PATH naming the main addon) the file next to it.
 * @throws NativeLoadError (ERR_UACCE_NATIVE_UNAVAILABLE) listing every path tried and why.
 */
export function loadEmulatorNative(options?: LoadNativeOptions): EmulatorNative {
  return loadAddon<EmulatorNative>('uacce_native_emulator', options, (addon) => Object.freeze({ ...addon }));
}

/** Both addons as one object: what the emulator passes around. */
export function loadEmulatorBinding(options?: LoadNativeOptions): EmulatorBinding {
  return Object.freeze({ ...loadNative(options), ...loadEmulatorNative(options) });
}
