// SPDX-License-Identifier: Apache-2.0
import { once } from 'node:events';
import { createConnection, createServer } from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadEmulatorBinding } from '../src/emulator';
import { startChild } from './child';
import { addonPath, makeScratchDirectory, thrown } from './support';

const native = loadEmulatorBinding();

// Prints the address of a Buffer it owns, then prints the Buffer's contents on each stdin line.
const kTarget = `
const native = require(process.env.UACCE_NATIVE_ADDON);
const owned = Buffer.from('child-owned bytes!');
process.stdout.write(native.addressOf(owned) + '\\n');
require('node:readline').createInterface({ input: process.stdin }).on('line', () => {
  process.stdout.write(owned.toString() + '\\n');
});
`;

describe('processVmRead and processVmWrite', () => {
  it('round-trip bytes through another process', async () => {
    const child = startChild(kTarget, { UACCE_NATIVE_ADDON: addonPath() });
    const address = BigInt(await child.nextLine());
    const read = Buffer.alloc(18);
    expect(native.processVmRead(child.process.pid!, address, read)).toBe(18);
    expect(read.toString()).toBe('child-owned bytes!');
    const written = Buffer.from('parent wrote this!');
    expect(native.processVmWrite(child.process.pid!, address, written)).toBe(18);
    child.send('show');
    expect(await child.nextLine()).toBe('parent wrote this!');
    // A partial transfer at an offset lands where it should.
    expect(native.processVmWrite(child.process.pid!, address + 7n, Buffer.from('WROTE'))).toBe(5);
    child.send('show');
    expect(await child.nextLine()).toBe('parent WROTE this!');
    expect(await child.finish()).toBe(0);
  });

  it('reports EFAULT for an address that is not mapped in the target', async () => {
    const child = startChild(kTarget, { UACCE_NATIVE_ADDON: addonPath() });
    await child.nextLine();
    const pid = child.process.pid!;
    expect(thrown(() => native.processVmRead(pid, 8n, Buffer.alloc(16)))).toMatchObject({
      code: 'EFAULT',
      errno: -14,
      syscall: 'process_vm_readv',
    });
    expect(thrown(() => native.processVmWrite(pid, 0xfffffffffffff000n, Buffer.alloc(16)))).toMatchObject({
      code: 'EFAULT',
      syscall: 'process_vm_writev',
    });
    // The child is unharmed.
    child.send('show');
    expect(await child.nextLine()).toBe('child-owned bytes!');
    expect(await child.finish()).toBe(0);
  });

  it('reports ESRCH for a process that has exited', async () => {
    const child = startChild('', {});
    const pid = child.process.pid!;
    await child.finish();
    expect(thrown(() => native.processVmRead(pid, 4096n, Buffer.alloc(8)))).toMatchObject({ code: 'ESRCH' });
  });

  it('validates its arguments before any system call', () => {
    expect(thrown(() => native.processVmRead(process.pid, -1n, Buffer.alloc(8)))).toMatchObject({
      code: 'ERR_OUT_OF_RANGE',
    });
    expect(thrown(() => native.processVmRead(process.pid, 4096 as never, Buffer.alloc(8)))).toMatchObject({
      code: 'ERR_INVALID_ARG_TYPE',
    });
    expect(thrown(() => native.processVmRead(0, 4096n, Buffer.alloc(8)))).toMatchObject({
      code: 'ERR_OUT_OF_RANGE',
    });
    expect(native.processVmRead(process.pid, 8n, Buffer.alloc(0))).toBe(0);
  });
});

describe('setPtracer', () => {
  it('succeeds under Yama and reports EINVAL without it', async () => {
    const { existsSync } = await import('node:fs');
    if (existsSync('/proc/sys/kernel/yama')) {
      expect(() => native.setPtracer(0)).not.toThrow();
    } else {
      expect(thrown(() => native.setPtracer(0))).toMatchObject({ code: 'EINVAL', syscall: 'prctl' });
    }
  });
});

describe('peerPid', () => {
  const scratch = makeScratchDirectory('uacce-native-peer-');
  afterAll(() => scratch.remove());

  it('names the process on the other end of a UNIX socket', async () => {
    const socketPath = path.join(scratch.directory, 'peer.sock');
    const server = createServer();
    server.listen(socketPath);
    await once(server, 'listening');
    const connected = once(server, 'connection');
    const child = startChild(
      `const s = require('node:net').createConnection(process.env.SOCKET, () => process.stdout.write('up\\n'));
       process.stdin.on('end', () => s.end()).resume();`,
      { SOCKET: socketPath },
    );
    const [socket] = (await connected) as [{ _handle: { fd: number }; destroy(): void }];
    expect(await child.nextLine()).toBe('up');
    expect(native.peerPid(socket._handle.fd)).toBe(child.process.pid);
    expect(await child.finish()).toBe(0);
    socket.destroy();
    server.close();
  });

  it('reports ENOTSOCK for a file that is not a socket', () => {
    const fd = native.open('/proc/self/stat', 0);
    expect(thrown(() => native.peerPid(fd))).toMatchObject({ code: 'ENOTSOCK', syscall: 'getsockopt' });
    native.close(fd);
  });

  it('is also right from the client side', async () => {
    const socketPath = path.join(scratch.directory, 'client.sock');
    const server = createServer((socket) => socket.end());
    server.listen(socketPath);
    await once(server, 'listening');
    const client = createConnection(socketPath);
    await once(client, 'connect');
    expect(native.peerPid((client as unknown as { _handle: { fd: number } })._handle.fd)).toBe(process.pid);
    client.destroy();
    server.close();
  });
});
