// SPDX-License-Identifier: Apache-2.0
// The character-device operations over the socket: open, ioctls, mmap, with the kernel's
// ordering rules and error codes (spec §2.1–2.4).
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../src';
import {
  DeviceConnection,
  DUS_SIZE,
  ErrnoReply,
  MMIO_SIZE,
  PAGE,
  PUT_Q,
  SET_QP_CTX,
  SET_QP_INFO,
  START_Q,
} from './support/ring-client';

let emulator: RunningEmulator;
const open: DeviceConnection[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ devices: 2, api: 'hisi_qm_v2', queuesPerDevice: 4, numaNode: 1 });
});

afterEach(() => {
  for (const connection of open.splice(0)) connection.close();
});

afterAll(async () => {
  await emulator?.stop();
});

function connection(): DeviceConnection {
  const created = new DeviceConnection(emulator.socketPath);
  open.push(created);
  return created;
}

async function opened(device = 'hisi_zip-0'): Promise<DeviceConnection> {
  const created = connection();
  await created.call('open', { device, pid: process.pid });
  return created;
}

async function errnoOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ErrnoReply) return error.errno;
    throw error;
  }
  return 'no error';
}

function attribute(device: string, name: string): string {
  return readFileSync(join(emulator.sysfsRoot, device, name), 'utf8');
}

async function availableSettles(device: string, expected: number): Promise<void> {
  for (let attempt = 0; attempt < 200 && (await emulator.faults.available(device)) !== expected; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  expect(await emulator.faults.available(device)).toBe(expected);
  expect(attribute(device, 'available_instances')).toBe(`${expected}\n`);
}

describe('sysfs tree', () => {
  it('has every attribute of spec §1.2 in its exact format', () => {
    expect(attribute('hisi_zip-1', 'api')).toBe('hisi_qm_v2\n');
    expect(attribute('hisi_zip-1', 'flags')).toBe('1\n');
    expect(attribute('hisi_zip-1', 'algorithms')).toBe('zlib\ngzip\n');
    expect(attribute('hisi_zip-1', 'available_instances')).toBe('4\n');
    expect(attribute('hisi_zip-1', 'region_mmio_size')).toBe('8192\n');
    expect(attribute('hisi_zip-1', 'region_dus_size')).toBe('151552\n');
    expect(attribute('hisi_zip-1', 'isolate')).toBe('0\n');
    expect(attribute('hisi_zip-1', 'isolate_strategy')).toBe('0\n');
    expect(attribute('hisi_zip-1', 'device/numa_node')).toBe('1\n');
  });

  it('creates the socket owner-only', () => {
    expect(statSync(emulator.socketPath).mode & 0o777).toBe(0o600);
    expect(statSync(emulator.controlPath).mode & 0o777).toBe(0o600);
  });

  it('keeps its directory and the regions directory owner-only', () => {
    expect(statSync(emulator.dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(emulator.dir, 'regions')).mode & 0o777).toBe(0o700);
  });
});

describe('open', () => {
  it('fails ENODEV for an unknown device', async () => {
    expect(await errnoOf(connection().call('open', { device: 'hisi_zip-9', pid: process.pid }))).toBe(
      'ENODEV',
    );
  });

  it('fails EPERM when the pid is not the peer of the socket', async () => {
    expect(await errnoOf(connection().call('open', { device: 'hisi_zip-0', pid: 1 }))).toBe('EPERM');
  });

  it('fails EINVAL when it is not the first message, and requests before open fail EINVAL', async () => {
    const file = await opened();
    expect(await errnoOf(file.call('open', { device: 'hisi_zip-0', pid: process.pid }))).toBe('EINVAL');
    expect(await errnoOf(connection().call('ioctl', { request: START_Q }))).toBe('EINVAL');
  });

  it('fails EBUSY when no queue is left and tracks available_instances', async () => {
    const files = [];
    for (let i = 0; i < 4; i++) files.push(await opened('hisi_zip-1'));
    await availableSettles('hisi_zip-1', 0);
    expect(await errnoOf(connection().call('open', { device: 'hisi_zip-1', pid: process.pid }))).toBe(
      'EBUSY',
    );
    await files[0]!.call('close');
    await availableSettles('hisi_zip-1', 1);
    files[1]!.close();
    await availableSettles('hisi_zip-1', 2);
  });

  it('allocates queue ids cyclically', async () => {
    const ids = [];
    for (let i = 0; i < 3; i++) {
      const file = await opened();
      ids.push((await file.ioctl(SET_QP_CTX, Buffer.alloc(4)))!.readUInt16LE(0));
      file.close();
      await availableSettles('hisi_zip-0', 4);
    }
    expect(new Set(ids).size).toBe(3);
  });
});

describe('ioctls', () => {
  it('SET_QP_CTX returns the queue id and refuses qc_type above 2', async () => {
    const file = await opened();
    const arg = Buffer.alloc(4);
    arg.writeUInt16LE(2, 2);
    const reply = (await file.ioctl(SET_QP_CTX, arg))!;
    expect(reply.readUInt16LE(2)).toBe(2);
    const queues = await emulator.faults.queues('hisi_zip-0');
    expect(queues.map((queue) => queue.id)).toContain(reply.readUInt16LE(0));
    arg.writeUInt16LE(3, 2);
    expect(await errnoOf(file.ioctl(SET_QP_CTX, arg))).toBe('EINVAL');
  });

  it('SET_QP_CTX latches the type only at START', async () => {
    const file = await opened();
    const arg = Buffer.alloc(4);
    arg.writeUInt16LE(1, 2);
    const id = (await file.ioctl(SET_QP_CTX, arg))!.readUInt16LE(0);
    const before = (await emulator.faults.queues('hisi_zip-0')).find((queue) => queue.id === id)!;
    expect(before.qcType).toBe(0);
    await file.ioctl(START_Q);
    const after = (await emulator.faults.queues('hisi_zip-0')).find((queue) => queue.id === id)!;
    expect(after).toMatchObject({ qcType: 1, state: 'started' });
  });

  it('SET_QP_INFO reports sqe_size 128 and depths 1024', async () => {
    const file = await opened();
    const info = (await file.ioctl(SET_QP_INFO, Buffer.alloc(16, 0xff)))!;
    expect([info.readUInt32LE(0), info.readUInt16LE(4), info.readUInt16LE(6)]).toEqual([128, 1024, 1024]);
    expect(info.readBigUInt64LE(8)).toBe(0n);
  });

  it('SET_QP_CTX and SET_QP_INFO without their struct fail EFAULT', async () => {
    const file = await opened();
    expect(await errnoOf(file.ioctl(SET_QP_CTX))).toBe('EFAULT');
    expect(await errnoOf(file.ioctl(SET_QP_INFO))).toBe('EFAULT');
  });

  it('START_Q twice fails EINVAL; unknown commands fail EINVAL', async () => {
    const file = await opened();
    await file.ioctl(START_Q);
    expect(await errnoOf(file.ioctl(START_Q))).toBe('EINVAL');
    expect(await errnoOf(file.ioctl(0x5702))).toBe('EINVAL');
  });

  it('PUT_Q returns the queue at once; the file is then a zombie (ENXIO)', async () => {
    const file = await opened();
    await file.ioctl(START_Q);
    await availableSettles('hisi_zip-0', 3);
    await file.ioctl(PUT_Q);
    await availableSettles('hisi_zip-0', 4);
    expect(await errnoOf(file.ioctl(START_Q))).toBe('ENXIO');
    expect(await errnoOf(file.ioctl(0x5702))).toBe('ENXIO');
    expect(await errnoOf(file.call('mmap', { offset: PAGE, length: DUS_SIZE }))).toBe('ENXIO');
  });
});

describe('mmap', () => {
  it('serves owner-only region files of the exact sizes', async () => {
    const file = await opened();
    const dus = await file.call('mmap', { offset: PAGE, length: DUS_SIZE });
    const mmio = await file.call('mmap', { offset: 0, length: MMIO_SIZE });
    for (const [reply, size] of [
      [dus, DUS_SIZE],
      [mmio, MMIO_SIZE],
    ] as const) {
      const stat = statSync(String(reply.path));
      expect(stat.size).toBe(size);
      expect(stat.mode & 0o777).toBe(0o600);
    }
  });

  it('refuses other offsets and sizes with EINVAL', async () => {
    const file = await opened();
    expect(await errnoOf(file.call('mmap', { offset: 2 * PAGE, length: PAGE }))).toBe('EINVAL');
    expect(await errnoOf(file.call('mmap', { offset: 100, length: PAGE }))).toBe('EINVAL');
    expect(await errnoOf(file.call('mmap', { offset: PAGE, length: DUS_SIZE - PAGE }))).toBe('EINVAL');
    expect(await errnoOf(file.call('mmap', { offset: 0, length: MMIO_SIZE + PAGE }))).toBe('EINVAL');
    expect(await errnoOf(file.call('mmap', { offset: 0, length: MMIO_SIZE + 1 }))).toBe('EINVAL');
  });

  it('checks the page-rounded size, as the driver sees the VMA', async () => {
    const file = await opened();
    await file.call('mmap', { offset: PAGE, length: DUS_SIZE - 1 });
    await file.call('mmap', { offset: 0, length: MMIO_SIZE - 1 });
  });

  it('fails EEXIST on a second mapping until the first is unmapped; legal after START', async () => {
    const file = await opened();
    await file.ioctl(START_Q);
    await file.call('mmap', { offset: PAGE, length: DUS_SIZE });
    expect(await errnoOf(file.call('mmap', { offset: PAGE, length: DUS_SIZE }))).toBe('EEXIST');
    await file.call('munmap', { offset: PAGE });
    await file.call('mmap', { offset: PAGE, length: DUS_SIZE });
  });

  it('checks in the kernel order: offset (EINVAL), dead queue (ENXIO), mapped (EEXIST), size (EINVAL)', async () => {
    const file = await opened();
    await file.call('mmap', { offset: PAGE, length: DUS_SIZE });
    // Already mapped wins over a wrong size.
    expect(await errnoOf(file.call('mmap', { offset: PAGE, length: PAGE }))).toBe('EEXIST');
    // MMIO may be mapped shorter than its region (the check is "at most").
    await file.call('mmap', { offset: 0, length: PAGE });
    await file.ioctl(PUT_Q);
    // A bad offset is refused before the queue's state is looked at; then the dead queue wins.
    expect(await errnoOf(file.call('mmap', { offset: 2 * PAGE, length: PAGE }))).toBe('EINVAL');
    expect(await errnoOf(file.call('mmap', { offset: PAGE, length: DUS_SIZE }))).toBe('ENXIO');
    expect(await errnoOf(file.call('mmap', { offset: PAGE, length: PAGE }))).toBe('ENXIO');
  });
});
