// SPDX-License-Identifier: Apache-2.0
// Child client for the shared-doorbell test: opens a queue of a hisi_qm_v2 device (whose MMIO
// mapping is the device's one register page), keeps 8 bypass requests in flight, one SQ doorbell
// per submission and one CQ doorbell per CQE, never a re-ring, and prints "ok <count>" when all
// completed with their own tags, or "fail <reason>".

import { bypassSqe } from './bypass-sqe.mjs';
import { connectChild } from './child-connection.mjs';

const [socketPath, emulatorPid, device, countText] = process.argv.slice(2);
const count = Number(countText);
const { native, socket, openQueue } = connectChild(socketPath, emulatorPid);
const { dus, mmio, queue } = await openQueue(device);

const doorbell = (command, index) =>
  native.mmioStore64(mmio, 0x1000, (BigInt(index) << 32n) | BigInt((command << 12) | queue));
const { sqe } = bypassSqe(native);

let submitted = 0;
let consumed = 0;
let head = 0;
let phase = 1;
let last = Date.now();
let failure = '';
while (consumed < count && !failure) {
  while (submitted < count && submitted - consumed < 8) {
    sqe.writeUInt32LE(submitted + 1, 26 * 4);
    sqe.copy(dus, (submitted % 1024) * 128);
    submitted += 1;
    doorbell(0, submitted % 1024);
  }
  const cqe = 0x20000 + head * 16;
  if ((dus.readUInt16LE(cqe + 14) & 1) !== phase) {
    if (Date.now() - last > 10_000) failure = `lost: ${count - consumed} never completed`;
    continue;
  }
  native.readBarrier();
  const slot = dus.readUInt16LE(cqe + 8);
  const tag = dus.readUInt32LE(slot * 128 + 26 * 4);
  if (tag !== consumed + 1) failure = `tag ${tag} for request ${consumed + 1}`;
  head = (head + 1) % 1024;
  if (head === 0) phase ^= 1;
  doorbell(1, head);
  consumed += 1;
  last = Date.now();
}
process.stdout.write(failure ? `fail ${failure}\n` : `ok ${consumed}\n`);
socket.end();
process.exit(failure ? 1 : 0);
