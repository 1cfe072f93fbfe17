// SPDX-License-Identifier: Apache-2.0
// The client side of the emulator's wire protocol against a scripted server (docs/contracts.md).
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UacceDeviceError, UacceSystemError } from '@uacce/abi';
import { loadNative } from '@uacce/native';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmulatorTransport } from '../src/emulator-transport';
import { until } from './helpers/emulator';

type Handler = (message: Record<string, unknown>, socket: Socket) => void;

let dir: string;
let server: Server;
let received: Record<string, unknown>[];
let handler: Handler;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'qm-wire-'));
  received = [];
  handler = (message, socket) => socket.write(`${JSON.stringify({ id: message.id, ok: true })}\n`);
  server = createServer((socket) => {
    let buffered = '';
    socket.on('data', (chunk) => {
      buffered += chunk.toString();
      for (let newline = buffered.indexOf('\n'); newline >= 0; newline = buffered.indexOf('\n')) {
        const message = JSON.parse(buffered.slice(0, newline));
        buffered = buffered.slice(newline + 1);
        received.push(message);
        handler(message, socket);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(join(dir, 'uacce.sock'), resolve));
});

afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

const transport = () => createEmulatorTransport(loadNative(), join(dir, 'uacce.sock'));

describe('emulator transport', () => {
  it('opens with the device and pid first, then forwards ioctls with the struct both ways', async () => {
    handler = (message, socket) => {
      const reply: Record<string, unknown> = { id: message.id, ok: true };
      if (message.op === 'ioctl')
        Object.assign(reply, { ret: 0, arg: Buffer.from([7, 0, 1, 0]).toString('base64') });
      socket.write(`${JSON.stringify(reply)}\n`);
    };
    const file = await transport().open('hisi_zip-3');
    const arg = new Uint8Array([0, 0, 1, 0]);
    expect(await file.ioctl(0xc004480a, arg)).toBe(0);
    expect([...arg]).toEqual([7, 0, 1, 0]);
    expect(received[0]).toEqual({ id: 1, op: 'open', device: 'hisi_zip-3', pid: process.pid });
    expect(received[1]).toMatchObject({
      id: 2,
      op: 'ioctl',
      request: 0xc004480a,
      arg: Buffer.from([0, 0, 1, 0]).toString('base64'),
    });
    await file.close();
    expect(received.at(-1)).toMatchObject({ op: 'close' });
  });

  it('reports a refused open as a system error with the errno the server named', async () => {
    handler = (message, socket) =>
      socket.write(`${JSON.stringify({ id: message.id, ok: false, errno: 'EBUSY' })}\n`);
    const error = await transport()
      .open('hisi_zip-0')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UacceSystemError);
    expect(error).toMatchObject({ errnoCode: 'EBUSY', syscall: 'open', path: '/dev/hisi_zip-0' });
  });

  it('delivers poll events as readiness and removed as removal', async () => {
    let connection: Socket | undefined;
    handler = (message, socket) => {
      connection = socket;
      socket.write(`${JSON.stringify({ id: message.id, ok: true })}\n`);
    };
    const file = await transport().open('hisi_zip-0');
    let readable = 0;
    const watch = file.watchReadable(() => readable++);
    const removed = new Promise<unknown>((resolve) => file.onRemoved(resolve));
    connection?.write('{"ev":"poll"}\n{"ev":"poll"}\n');
    await until(() => readable === 2);
    watch.stop();
    connection?.write('{"ev":"removed"}\n');
    expect(await removed).toBeUndefined();
    file.dispose();
  });

  it('a garbled line or a dropped connection is ERR_UACCE_TRANSPORT', async () => {
    const file = await transport().open('hisi_zip-0');
    const lost = new Promise<unknown>((resolve) => file.onRemoved(resolve));
    handler = (_message, socket) => socket.write('this is not json\n');
    await expect(file.ioctl(0x5700)).rejects.toSatisfy(
      (error) => error instanceof UacceDeviceError && error.code === 'ERR_UACCE_TRANSPORT',
    );
    expect(await lost).toMatchObject({ code: 'ERR_UACCE_TRANSPORT' });
  });

  it('an unreachable socket is ERR_UACCE_TRANSPORT', async () => {
    const missing = createEmulatorTransport(loadNative(), join(dir, 'absent.sock'));
    await expect(missing.open('hisi_zip-0')).rejects.toMatchObject({ code: 'ERR_UACCE_TRANSPORT' });
  });
});
