// SPDX-License-Identifier: Apache-2.0
// Child client for the multi-process test: opens a compression queue, compresses its own
// pid-seeded text through the ring (DMA into this process), checks the result with node:zlib
// and prints "ok <pid>" or "fail <reason>".
import { inflateRawSync } from 'node:zlib';
import { connectChild } from './child-connection.mjs';

const [socketPath, emulatorPid] = process.argv.slice(2);
const { native, socket, openQueue } = connectChild(socketPath, emulatorPid);
const { dus, mmio, queue } = await openQueue('hisi_zip-0');

const input = Buffer.from(`pid ${process.pid} `.repeat(5000));
const dest = Buffer.alloc(input.length + 1024);
const sqe = Buffer.alloc(128);
sqe.writeUInt32LE(input.length, 16);
sqe.writeUInt32LE(((1 << 25) | (1 << 27) | (3 << 28)) >>> 0, 28);
sqe.writeUInt32LE(1 | (4 << 12), 36);
sqe.writeUInt32LE(dest.length, 56);
sqe.writeBigUInt64LE(native.addressOf(input), 72);
sqe.writeBigUInt64LE(native.addressOf(dest), 80);
sqe.writeUInt32LE(process.pid, 104);
sqe.copy(dus, 0);
native.mmioStore64(mmio, 0x1000, (1n << 32n) | BigInt(queue));

const deadline = Date.now() + 20_000;
while ((dus.readUInt16LE(0x20000 + 14) & 1) !== 1) {
  if (Date.now() > deadline) {
    process.stdout.write('fail timeout\n');
    process.exit(1);
  }
  await new Promise((resolve) => setTimeout(resolve, 2));
}
native.readBarrier();
const status = dus.readUInt32LE(12) & 0xff;
const produced = dus.readUInt32LE(4);
const tag = dus.readUInt32LE(104);
const ok = status === 0 && tag === process.pid && inflateRawSync(dest.subarray(0, produced)).equals(input);
process.stdout.write(ok ? `ok ${process.pid}\n` : `fail status ${status}\n`);
socket.end();
process.exit(ok ? 0 : 1);
