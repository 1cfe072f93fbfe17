// SPDX-License-Identifier: Apache-2.0
export {
  DEFAULT_DEV_ROOT,
  DEFAULT_SYSFS_ROOT,
  type LocationOptions,
  type Locations,
  resolveLocations,
} from './config';
export { CqRing } from './cq-ring';
export { candidateDevices, NoDeviceDetails, openFirstQueue } from './device-selection';
export {
  type DeviceInfo,
  type DiscoveryOptions,
  type DiscoveryResult,
  discoverDevices,
  type SkippedDevice,
} from './discovery';
export { Doorbell } from './doorbell';
export { createEmulatorTransport } from './emulator-transport';
export { QM_ERROR_CODES, type QmErrorCode } from './errors';
export type { DeviceHealth, HealthEvent } from './health';
export { createKernelTransport } from './kernel-transport';
export { loadNativeBinding, NativeModuleMissingError } from './native-module';
export { currentNumaNode } from './numa';
export type { PoolCounters } from './pool-engine';
export { HardwareQueue, type QueueFailure } from './queue';
export {
  openQueuePool,
  type PoolDevice,
  QueuePool,
  type QueuePoolOptions,
  type QueuePoolStats,
} from './queue-pool';
export { DEFAULT_SQE_SIZE, isDeviceBusy, openQueue, type SetupStep } from './queue-setup';
export type { SubmitRequest } from './request';
export { SqRing } from './sq-ring';
export type { QueueFile, ReadinessWatch, Transport, TransportKind } from './transport';
