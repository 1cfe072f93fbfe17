// SPDX-License-Identifier: Apache-2.0
// @uacce/native: the syscall binding. Importing this module loads nothing; loadNative() does.
export {
  isNativeAvailable,
  type LoadNativeOptions,
  loadedNativePath,
  loadNative,
  prebuildTarget,
} from './binding';
export {
  isNativeSystemError,
  NATIVE_ERROR_CODES,
  type NativeErrorCode,
  type NativeLoadAttempt,
  NativeLoadError,
  type NativeSystemError,
  NativeUnmappedError,
} from './errors';
export { FileDescriptor } from './file-descriptor';
export { Mapping } from './mapping';
export { Readiness } from './readiness';
export type { NativeBinding, ReadinessWatch } from './types';
