// SPDX-License-Identifier: Apache-2.0
// @uacce/abi: uacce and HiSilicon QM/ZIP formats as pure data. Re-exports only.
export * from './checksum';
export * from './cqe';
export * from './doorbell';
export * from './errors';
export * from './ioctl';
export * from './qm-version';
export * from './qp-structs';
export * from './regions';
export * from './ring-index';
export * from './sgl';
export * from './sysfs';
export * from './uacce';
export * from './zip-codes';
export * from './zip-context';
export * from './zip-limits';
export * from './zip-sqe';
export * from './zip-status';
