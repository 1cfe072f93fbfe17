// SPDX-License-Identifier: Apache-2.0
// The generic Linux ioctl encoding (include/uapi/asm-generic/ioctl.h, identical on arm64 and
// x86-64) and the uacce / hisi_qm commands built with it (spec §2.4).
import { checkInteger, invalidValue } from './internal/validate';

export const _IOC_NRBITS = 8;
export const _IOC_TYPEBITS = 8;
export const _IOC_SIZEBITS = 14;
export const _IOC_DIRBITS = 2;
export const _IOC_NRSHIFT = 0;
export const _IOC_TYPESHIFT = _IOC_NRSHIFT + _IOC_NRBITS;
export const _IOC_SIZESHIFT = _IOC_TYPESHIFT + _IOC_TYPEBITS;
export const _IOC_DIRSHIFT = _IOC_SIZESHIFT + _IOC_SIZEBITS;
export const _IOC_NONE = 0;
export const _IOC_WRITE = 1;
export const _IOC_READ = 2;

/** The ioctl "type" (magic): a one-character string such as 'W' or its code 0..255. */
export type IoctlType = string | number;

function typeCode(type: IoctlType): number {
  if (typeof type === 'string') {
    if (type.length !== 1 || type.charCodeAt(0) > 0xff) {
      throw invalidValue('type', type, 'must be a single 8-bit character');
    }
    return type.charCodeAt(0);
  }
  return checkInteger('type', type, 0, 0xff);
}

/** `_IOC(dir, type, nr, size)` as an unsigned 32-bit number. Throws ERR_OUT_OF_RANGE, ERR_INVALID_ARG_*. */
export function _IOC(dir: number, type: IoctlType, nr: number, size: number): number {
  checkInteger('dir', dir, 0, 3);
  checkInteger('nr', nr, 0, 0xff);
  checkInteger('size', size, 0, (1 << _IOC_SIZEBITS) - 1);
  const value =
    (dir << _IOC_DIRSHIFT) |
    (size << _IOC_SIZESHIFT) |
    (typeCode(type) << _IOC_TYPESHIFT) |
    (nr << _IOC_NRSHIFT);
  return value >>> 0;
}

/** `_IO(type, nr)`: a command without argument. */
export function _IO(type: IoctlType, nr: number): number {
  return _IOC(_IOC_NONE, type, nr, 0);
}

/** `_IOR(type, nr, size)`: the kernel writes `size` bytes to user space. */
export function _IOR(type: IoctlType, nr: number, size: number): number {
  return _IOC(_IOC_READ, type, nr, size);
}

/** `_IOW(type, nr, size)`: the kernel reads `size` bytes from user space. */
export function _IOW(type: IoctlType, nr: number, size: number): number {
  return _IOC(_IOC_WRITE, type, nr, size);
}

/** `_IOWR(type, nr, size)`: both directions. */
export function _IOWR(type: IoctlType, nr: number, size: number): number {
  return _IOC(_IOC_READ | _IOC_WRITE, type, nr, size);
}

/** Direction bits of an ioctl number. */
export function _IOC_DIR(request: number): number {
  return (request >>> _IOC_DIRSHIFT) & ((1 << _IOC_DIRBITS) - 1);
}
/** Type (magic) byte of an ioctl number. */
export function _IOC_TYPE(request: number): number {
  return (request >>> _IOC_TYPESHIFT) & ((1 << _IOC_TYPEBITS) - 1);
}
/** Command number of an ioctl number. */
export function _IOC_NR(request: number): number {
  return (request >>> _IOC_NRSHIFT) & ((1 << _IOC_NRBITS) - 1);
}
/** Argument size of an ioctl number. */
export function _IOC_SIZE(request: number): number {
  return (request >>> _IOC_SIZESHIFT) & ((1 << _IOC_SIZEBITS) - 1);
}

/** sizeof(struct hisi_qp_ctx). */
export const HISI_QP_CTX_SIZE = 4;
/** sizeof(struct hisi_qp_info). */
export const HISI_QP_INFO_SIZE = 16;
/** sizeof(unsigned long) on the 64-bit targets uacce runs on. */
const UNSIGNED_LONG_SIZE = 8;

/** Start the queue (INIT → STARTED): `_IO('W', 0)` = 0x5700. */
export const UACCE_CMD_START_Q = _IO('W', 0);
/** Stop (and on older kernels release) the queue: `_IO('W', 1)` = 0x5701. */
export const UACCE_CMD_PUT_Q = _IO('W', 1);
/** Non-mainline, UADK no-SVA mode only: `_IOR('W', 3, unsigned long)` = 0x80085703. */
export const UACCE_CMD_GET_SS_DMA = _IOR('W', 3, UNSIGNED_LONG_SIZE);
/** Set the queue type, returns the queue id: `_IOWR('H', 10, struct hisi_qp_ctx)` = 0xC004480A. */
export const UACCE_CMD_QM_SET_QP_CTX = _IOWR('H', 10, HISI_QP_CTX_SIZE);
/** Report SQE size and depths: `_IOWR('H', 11, struct hisi_qp_info)` = 0xC010480B. */
export const UACCE_CMD_QM_SET_QP_INFO = _IOWR('H', 11, HISI_QP_INFO_SIZE);
