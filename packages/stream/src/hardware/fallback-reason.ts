// SPDX-License-Identifier: Apache-2.0
// Why work left the hardware, as the short reason strings of metrics, events and `fallbackReason`.

/**
 * Reason strings: routing ('small-input', 'busy', 'opening', 'unsupported'), why there is no
 * hardware ('no-device', 'no-addon', 'permission', 'open-failed', 'device-lost') and fallbacks.
 */
export type FallbackReason =
  | 'small-input'
  | 'busy'
  | 'no-device'
  | 'no-addon'
  | 'permission'
  | 'open-failed'
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

/** The errno codes of an error and its causes (Node's `code`, qm's `errnoCode`). */
function errnoCodes(error: unknown): string[] {
  const codes: string[] = [];
  for (let current = error, depth = 0; current && depth < 8; depth++) {
    const { code, errnoCode, cause } = current as { code?: unknown; errnoCode?: unknown; cause?: unknown };
    for (const value of [code, errnoCode]) if (typeof value === 'string') codes.push(value);
    current = cause;
  }
  return codes;
}

/** Why opening the hardware failed: the addon did not load, no permission, no device, or else. */
export function unavailableReasonOf(error: unknown): FallbackReason {
  const codes = errnoCodes(error);
  if (codes.includes('ERR_UACCE_NATIVE_UNAVAILABLE')) return 'no-addon';
  if (codes.includes('EACCES') || codes.includes('EPERM')) return 'permission';
  if (codes.includes('ERR_UACCE_NO_DEVICE')) return 'no-device';
  return 'open-failed';
}
