// SPDX-License-Identifier: Apache-2.0
import { UacceDeviceError, UacceSystemError } from '@uacce/abi';
import { describe, expect, it } from 'vitest';
import { isDeviceBusy, openQueue } from '../src/queue-setup';
import { FakeDevice } from './helpers/fake-device';

describe('openQueue', () => {
  it('brings a queue up with the direction as qc_type and the reported geometry', async () => {
    const device = new FakeDevice({ depth: 256 });
    const queue = await openQueue(device, device.info, 1);
    expect([...device.files][0]?.qcType).toBe(1);
    expect(queue.queueNumber).toBe(7);
    expect(queue.sq.depth).toBe(256);
    expect(queue.free).toBe(255);
    expect(device.started).toBe(1);
    await queue.close();
    await queue.close();
    expect(device.started).toBe(0);
    expect(device.files.size).toBe(0);
  });

  it('runs the canonical order: bring-up, then teardown in reverse (spec §2.8)', async () => {
    const device = new FakeDevice();
    const queue = await openQueue(device, device.info, 0);
    expect(device.operations).toEqual(['open', 'SET_QP_CTX', 'SET_QP_INFO', 'mmap-0', 'mmap-1', 'START_Q']);
    device.operations.length = 0;
    await queue.close();
    expect(device.operations).toEqual(['PUT_Q', 'munmap-1', 'munmap-0', 'close']);
  });

  it('undoes a failed bring-up in reverse order', async () => {
    const device = new FakeDevice();
    device.failures.set('START_Q', 'EPERM');
    await expect(openQueue(device, device.info, 0)).rejects.toBeInstanceOf(UacceDeviceError);
    expect(device.operations).toEqual([
      'open',
      'SET_QP_CTX',
      'SET_QP_INFO',
      'mmap-0',
      'mmap-1',
      'START_Q',
      'munmap-1',
      'munmap-0',
      'close',
    ]);
  });

  it('names the layout step when the DUS cannot hold the reported rings, before starting', async () => {
    const device = new FakeDevice();
    const info = { ...device.info, regionDusSize: 4096 };
    const error = await openQueue(device, info, 0).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UacceDeviceError);
    expect(error).toMatchObject({ code: 'ERR_UACCE_QUEUE_SETUP', step: 'layout' });
    expect(device.operations).not.toContain('START_Q');
    expect(device.files.size).toBe(0);
  });

  it('assumes 128-byte SQEs and depth 1024 when SET_QP_INFO is unsupported', async () => {
    const device = new FakeDevice();
    device.failures.set('SET_QP_INFO', 'EINVAL');
    const queue = await openQueue(device, device.info, 0);
    expect(queue.sq.depth).toBe(1024);
    expect(queue.sq.sqeSize).toBe(128);
    await queue.close();
  });

  it.each([
    ['open', 'EBUSY'],
    ['SET_QP_CTX', 'EINVAL'],
    ['SET_QP_INFO', 'EIO'],
    ['mmap-mmio', 'EINVAL'],
    ['mmap-dus', 'EEXIST'],
    ['START_Q', 'EPERM'],
  ])('names the failed step %s, keeps the errno, and undoes what was done', async (step, errno) => {
    const device = new FakeDevice();
    if (step === 'open') device.openFailure = errno;
    else device.failures.set(step.replace('mmap-mmio', 'mmap-0').replace('mmap-dus', 'mmap-1'), errno);
    const error = await openQueue(device, device.info, 0).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UacceDeviceError);
    expect(error).toMatchObject({ code: 'ERR_UACCE_QUEUE_SETUP', step, device: device.info.name });
    const cause = (error as Error).cause;
    expect(cause).toBeInstanceOf(UacceSystemError);
    expect((cause as UacceSystemError).errnoCode).toBe(errno);
    expect(isDeviceBusy(error)).toBe(step === 'open' && errno === 'EBUSY');
    expect(device.files.size).toBe(0);
    expect(device.started).toBe(0);
  });
});
