// SPDX-License-Identifier: Apache-2.0
// Queue bring-up in the canonical order and its undo (spec §2.8, §2.4):
//   open → SET_QP_CTX(qc_type = direction) → SET_QP_INFO (defaults when unsupported)
//   → mmap MMIO → mmap DUS → compute the DUS layout → START_Q
// The mappings may precede or follow the ioctls (spec §2.3); taking SET_QP_INFO first lets the
// DUS layout be checked against the reported depths before anything is started. A failed step
// undoes the earlier ones in reverse and throws ERR_UACCE_QUEUE_SETUP naming the step.
import {
  computeDusLayout,
  decodeQpCtx,
  decodeQpInfo,
  encodeQpCtx,
  encodeQpInfo,
  QM_Q_DEPTH,
  UACCE_CMD_PUT_Q,
  UACCE_CMD_QM_SET_QP_CTX,
  UACCE_CMD_QM_SET_QP_INFO,
  UACCE_CMD_START_Q,
  UACCE_QFRT_DUS,
  UACCE_QFRT_MMIO,
  UacceDeviceError,
} from '@uacce/abi';
import type { DeviceInfo } from './discovery';
import { hasErrno } from './internal/system-error';
import { HardwareQueue } from './queue';
import type { QueueFile, Transport } from './transport';

/** The SQE size of the ZIP engine, assumed with depth 1024 when SET_QP_INFO is missing (spec §2.4). */
export const DEFAULT_SQE_SIZE = 128;

/** The names of the bring-up steps, as `UacceDeviceError.step` reports them. */
export type SetupStep =
  | 'open'
  | 'SET_QP_CTX'
  | 'SET_QP_INFO'
  | 'mmap-mmio'
  | 'mmap-dus'
  | 'layout'
  | 'START_Q';

/**
 * Opens and starts one queue of `device` for `direction` (qc_type: 0 compress, 1 decompress).
 * Throws ERR_UACCE_QUEUE_SETUP with `step` and the system error as `cause` (EBUSY at 'open'
 * when the device has no free queue).
 */
export async function openQueue(
  transport: Transport,
  device: DeviceInfo,
  direction: number,
): Promise<HardwareQueue> {
  const undo: (() => Promise<unknown>)[] = [];
  let step: SetupStep = 'open';
  try {
    const file = await transport.open(device.name);
    undo.push(() => file.close());
    step = 'SET_QP_CTX';
    const queueNumber = await setQpCtx(file, direction);
    step = 'SET_QP_INFO';
    const info = await setQpInfo(file);
    step = 'mmap-mmio';
    const mmio = await file.mmap(UACCE_QFRT_MMIO, device.regionMmioSize);
    undo.push(() => file.munmap(UACCE_QFRT_MMIO, mmio));
    step = 'mmap-dus';
    const dus = await file.mmap(UACCE_QFRT_DUS, device.regionDusSize);
    undo.push(() => file.munmap(UACCE_QFRT_DUS, dus));
    step = 'layout';
    const layout = computeDusLayout({ ...info, dusSize: dus.byteLength });
    step = 'START_Q';
    await file.ioctl(UACCE_CMD_START_Q);
    undo.push(() => file.ioctl(UACCE_CMD_PUT_Q));
    return new HardwareQueue({ file, hwType: device.hwType, queueNumber, ...info, mmio, dus, layout });
  } catch (error) {
    for (const action of undo.reverse()) await action().catch(() => undefined);
    throw new UacceDeviceError(
      'ERR_UACCE_QUEUE_SETUP',
      `queue setup on ${device.name} failed at ${step}`,
      { device: device.name, step },
      { cause: error },
    );
  }
}

async function setQpCtx(file: QueueFile, direction: number): Promise<number> {
  const ctx = encodeQpCtx({ qcType: direction });
  await file.ioctl(UACCE_CMD_QM_SET_QP_CTX, ctx);
  return decodeQpCtx(ctx).id;
}

/** SET_QP_INFO only reports; kernels without it fail, and UADK then assumes 128 B × 1024 (spec §2.4). */
async function setQpInfo(file: QueueFile): Promise<{ sqeSize: number; sqDepth: number; cqDepth: number }> {
  const info = encodeQpInfo({ sqeSize: 0, sqDepth: 0, cqDepth: 0 });
  try {
    await file.ioctl(UACCE_CMD_QM_SET_QP_INFO, info);
  } catch (error) {
    if (hasErrno(error, 'EINVAL') || hasErrno(error, 'ENOTTY')) {
      return { sqeSize: DEFAULT_SQE_SIZE, sqDepth: QM_Q_DEPTH, cqDepth: QM_Q_DEPTH };
    }
    throw error;
  }
  return decodeQpInfo(info);
}

/** True when a setup error means "no queue left on that device": try another one. */
export function isDeviceBusy(error: unknown): boolean {
  return error instanceof UacceDeviceError && error.step === 'open' && hasErrno(error.cause, 'EBUSY');
}
