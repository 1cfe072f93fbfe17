// SPDX-License-Identifier: Apache-2.0
// A hardware request that does not complete in time is treated as a stall: the caller moves on to
// software and ignores the late completion.
import { UacceDeviceError } from '@uacce/abi';

/** `promise`, or a rejection with ERR_UACCE_TIMEOUT after `ms` milliseconds (0 = no limit). */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  if (ms <= 0) return promise;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new UacceDeviceError('ERR_UACCE_TIMEOUT', `hardware request took longer than ${ms} ms`));
    }, ms);
    timer.unref?.();
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
