// SPDX-License-Identifier: Apache-2.0
// What the child clients of the multi-process tests share: the emulator's addon (with
// PR_SET_PTRACER for the emulator where Yama asks for it), one JSON-lines connection to the device
// socket (`call`), and `openQueue(device)`: the queue brought up with both regions mapped.
import { connect } from 'node:net';
import { loadEmulatorBinding } from '@uacce/native/emulator';

export function connectChild(socketPath, emulatorPid) {
  const native = loadEmulatorBinding();
  try {
    native.setPtracer(Number(emulatorPid));
  } catch {
    // No Yama.
  }
  const socket = connect(socketPath);
  socket.setEncoding('utf8');
  let buffered = '';
  let nextId = 1;
  const waiting = new Map();
  socket.on('data', (chunk) => {
    buffered += chunk;
    for (let newline = buffered.indexOf('\n'); newline >= 0; newline = buffered.indexOf('\n')) {
      const message = JSON.parse(buffered.slice(0, newline));
      buffered = buffered.slice(newline + 1);
      if (message.id) waiting.get(message.id)?.(message);
    }
  });
  function call(op, fields = {}) {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      waiting.set(id, (reply) => (reply.ok ? resolve(reply) : reject(new Error(reply.errno))));
      socket.write(`${JSON.stringify({ id, op, ...fields })}\n`);
    });
  }
  async function map(offset, length) {
    const reply = await call('mmap', { offset, length });
    const fd = native.open(reply.path, 2);
    const mapping = native.mmap(fd, length, 0);
    native.close(fd);
    return mapping;
  }
  /** open → mmap DUS and MMIO → SET_QP_CTX (its queue number back) → START, as a driver brings a queue up. */
  async function openQueue(device) {
    await call('open', { device, pid: process.pid });
    const dus = Buffer.from(await map(4096, 0x25000));
    const mmio = await map(0, 8192);
    const ctx = Buffer.from(
      (await call('ioctl', { request: 0xc004480a, arg: Buffer.alloc(4).toString('base64') })).arg,
      'base64',
    );
    await call('ioctl', { request: 0x5700 });
    return { dus, mmio, queue: ctx.readUInt16LE(0) };
  }
  return { native, socket, call, openQueue };
}
