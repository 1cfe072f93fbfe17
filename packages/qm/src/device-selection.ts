// SPDX-License-Identifier: Apache-2.0
// Choosing the device a pool runs on (spec §1.7): discovery order (nearest NUMA node, then most
// free queues); a device whose open fails with EBUSY is passed over for the next one, as UADK
// re-selects on EBUSY. A fail-over keeps the hw type, since the SQE layout depends on it.
import { UacceDeviceError } from '@uacce/abi';
import { type DeviceInfo, type DiscoveryOptions, discoverDevices, type SkippedDevice } from './discovery';
import type { HardwareQueue } from './queue';
import { isDeviceBusy, openQueue } from './queue-setup';
import type { Transport } from './transport';

export interface SelectionCriteria {
  discovery: DiscoveryOptions;
  direction: number;
  /** Only this device, when set. */
  device?: string;
  /** Only this hw type, when set (fail-over). */
  hwType?: number;
  /** Devices not to use (out of service). */
  exclude?: ReadonlySet<string>;
}

/** The devices that may serve the criteria, most preferred first, with the reasons others were left. */
export async function candidateDevices(
  criteria: SelectionCriteria,
): Promise<{ devices: DeviceInfo[]; skipped: SkippedDevice[] }> {
  const { devices, skipped } = await discoverDevices(criteria.discovery);
  const kept: DeviceInfo[] = [];
  for (const device of devices) {
    const reason = excludedBecause(device, criteria);
    if (reason === undefined) kept.push(device);
    else skipped.push({ name: device.name, reason });
  }
  if (criteria.device !== undefined && !kept.some((device) => device.name === criteria.device)) {
    if (!skipped.some((entry) => entry.name === criteria.device))
      skipped.push({ name: criteria.device, reason: 'not found' });
  }
  return { devices: kept, skipped };
}

function excludedBecause(device: DeviceInfo, criteria: SelectionCriteria): string | undefined {
  if (criteria.device !== undefined && device.name !== criteria.device)
    return `not the requested device ${criteria.device}`;
  if (criteria.hwType !== undefined && device.hwType !== criteria.hwType)
    return `hw type ${device.hwType}, not ${criteria.hwType}`;
  if (criteria.exclude?.has(device.name)) return 'out of service';
  return undefined;
}

/**
 * Opens the first queue on the most preferred device that has one free; a device that fails is
 * passed over for the next. Throws the first setup failure other than EBUSY
 * (ERR_UACCE_QUEUE_SETUP, naming the step) when no device worked, else ERR_UACCE_NO_DEVICE with
 * every device considered and why (`cause`: NoDeviceDetails).
 */
export async function openFirstQueue(
  transport: Transport,
  criteria: SelectionCriteria,
): Promise<{ device: DeviceInfo; queue: HardwareQueue }> {
  const { devices, skipped } = await candidateDevices(criteria);
  const errors: UacceDeviceError[] = [];
  for (const device of devices) {
    try {
      return { device, queue: await openQueue(transport, device, criteria.direction) };
    } catch (error) {
      const setup = error as UacceDeviceError;
      errors.push(setup);
      skipped.push({
        name: device.name,
        reason: isDeviceBusy(setup) ? 'no free queue (EBUSY)' : setup.message,
      });
    }
  }
  const failure = errors.find((error) => !isDeviceBusy(error));
  if (failure !== undefined) throw failure;
  const algorithm = criteria.discovery.algorithm ?? 'any algorithm';
  const reasons = skipped.map((entry) => `${entry.name}: ${entry.reason}`).join('; ') || 'no devices';
  throw new UacceDeviceError(
    'ERR_UACCE_NO_DEVICE',
    `no device offers ${algorithm} with a free queue (${reasons})`,
    criteria.device === undefined ? {} : { device: criteria.device },
    { cause: new NoDeviceDetails(skipped, errors) },
  );
}

/** The `cause` of ERR_UACCE_NO_DEVICE: every device considered and why it was not used. */
export class NoDeviceDetails {
  readonly skipped: SkippedDevice[];
  readonly errors: UacceDeviceError[];
  constructor(skipped: SkippedDevice[], errors: UacceDeviceError[]) {
    this.skipped = skipped;
    this.errors = errors;
  }
}
