// SPDX-License-Identifier: Apache-2.0
// @uacce/native: the syscall binding. Importing this module loads nothing; loadNative() does.
export { isNativeAvailable, type LoadNativeOptions, loadNative } from './binding';
export {
  isNativeSystemError,
  NATIVE_ERROR_CODES,
  type NativeErrorCode,
  type NativeLoadAttempt,
  NativeLoadError,
  type NativeSystemError,
} from './errors';
export type { NativeBinding, ReadinessWatch } from './types';
