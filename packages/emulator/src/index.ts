// SPDX-License-Identifier: Apache-2.0

export * from './constants';
export { type Cqe, decodeCqe } from './cqe';
export { ALGORITHMS, type DeviceApi } from './device';
export { type Doorbell, decodeDoorbell, encodeDoorbell } from './doorbell';
export type { DeviceInfo, EmulatorFaults, QueueInfo } from './faults';
export type { EmulatorOptions } from './options';
export type { EmulatorEnv, ReadyReport } from './run-emulator';
export { decodeSqe, type ZipSqe } from './sqe';
export { type RunningEmulator, startEmulator } from './start-emulator';
export { CTX_ST, ZIP_STATUS } from './status';
