// SPDX-License-Identifier: Apache-2.0
// Child client: maps its queue's DUS, prints "mapped", and on {"ev":"removed"} reads ds_rx (still
// mapped, and set to 1), then, after the emulator's removal grace period, reads the mapping again,
// which must raise SIGBUS (the emulator zapped the region, as the kernel zaps mappings).
import { connect } from 'node:net';
import { loadEmulatorBinding } from '@uacce/native/emulator';

const [socketPath, emulatorPid] = process.argv.slice(2);
const native = loadEmulatorBinding();
try {
  native.setPtracer(Number(emulatorPid));
} catch {
  // No Yama.
}
const socket = connect(socketPath);
let buffered = '';
let view;
socket.setEncoding('utf8');
socket.on('data', (chunk) => {
  buffered += chunk;
  for (let newline = buffered.indexOf('\n'); newline >= 0; newline = buffered.indexOf('\n')) {
    const message = JSON.parse(buffered.slice(0, newline));
    buffered = buffered.slice(newline + 1);
    if (message.ev === 'removed') {
      process.stdout.write(`ds_rx ${view[0x24ff8]}\n`);
      setTimeout(() => {
        process.stdout.write(`value ${view[0x24ff8]}\n`);
        process.exit(0);
      }, 500);
    }
    if (message.id === 1)
      socket.write(`${JSON.stringify({ id: 2, op: 'mmap', offset: 4096, length: 0x25000 })}\n`);
    if (message.id === 2) {
      const fd = native.open(message.path, 2);
      view = new Uint8Array(native.mmap(fd, 0x25000, 0));
      native.close(fd);
      process.stdout.write(`mapped ${view[0x24ff8]}\n`);
    }
  }
});
socket.write(`${JSON.stringify({ id: 1, op: 'open', device: 'hisi_zip-0', pid: process.pid })}\n`);
