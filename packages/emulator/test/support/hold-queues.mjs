// SPDX-License-Identifier: Apache-2.0
// Child client for the multi-process test: opens `count` queues of `device` over the emulator
// socket (one connection each, started), prints "ready", then holds them until killed.
import { connect } from 'node:net';

const [socketPath, device, countText] = process.argv.slice(2);

function openQueue() {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    let buffered = '';
    let step = 0;
    socket.setEncoding('utf8');
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      buffered += chunk;
      for (let newline = buffered.indexOf('\n'); newline >= 0; newline = buffered.indexOf('\n')) {
        const reply = JSON.parse(buffered.slice(0, newline));
        buffered = buffered.slice(newline + 1);
        if (reply.ev) continue;
        if (!reply.ok) return reject(new Error(reply.errno));
        if (step++ === 0) socket.write(`${JSON.stringify({ id: 2, op: 'ioctl', request: 0x5700 })}\n`);
        else resolve(socket);
      }
    });
    socket.write(`${JSON.stringify({ id: 1, op: 'open', device, pid: process.pid })}\n`);
  });
}

const held = [];
for (let i = 0; i < Number(countText); i++) held.push(await openQueue());
process.stdout.write('ready\n');
setInterval(() => {}, 1 << 30);
