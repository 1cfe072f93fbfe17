// SPDX-License-Identifier: Apache-2.0
// Why work left the hardware, as the short reason strings of metrics, events and `fallbackReason`.

/** Reason strings: routing ('small-input', 'busy', 'no-device', 'opening', 'unsupported') and fallbacks. */
export type FallbackReason =
  | 'small-input'
  | 'busy'
  | 'no-device'
  | 'opening'
  | 'unsupported'
  | 'timeout'
  | 'device-lost'
  | 'hardware-status'
  | 'data-error'
  | 'device-error';

const BY_CODE: Readonly<Record<string, FallbackReason>> = {
  ERR_UACCE_TIMEOUT: 'timeout',
  ERR_UACCE_QUEUE_FULL: 'busy',
  ERR_UACCE_QUEUE_CLOSED: 'device-lost',
  ERR_UACCE_QUEUE_DISABLED: 'device-lost',
  ERR_UACCE_TRANSPORT: 'device-lost',
  ERR_UACCE_DEVICE_ISOLATED: 'device-lost',
  ERR_UACCE_NO_DEVICE: 'device-lost',
  ERR_UACCE_HW_STATUS: 'hardware-status',
  ERR_UACCE_HW_STATUS_UNKNOWN: 'hardware-status',
  Z_DATA_ERROR: 'data-error',
  Z_BUF_ERROR: 'data-error',
  Z_NEED_DICT: 'data-error',
  ERR_BUFFER_TOO_LARGE: 'data-error',
};

/** The reason a hardware error sends work to software. */
export function reasonOf(error: unknown): FallbackReason {
  const code = (error as { code?: unknown } | null)?.code;
  return (typeof code === 'string' && BY_CODE[code]) || 'device-error';
}

/** True when the error means the device or its transport is gone (the engine should be dropped). */
export function isDeviceLoss(error: unknown): boolean {
  return reasonOf(error) === 'device-lost';
}
