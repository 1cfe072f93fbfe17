// SPDX-License-Identifier: Apache-2.0
// One side of a queue driven the way the hardware's drivers do it in async mode (spec §3.2–3.4):
// role "submit" writes bypass SQEs (tag = request number) and rings one SQ doorbell per SQE;
// role "consume" busy-polls the CQ by phase, checks each completion's tag and status, and rings
// one CQ doorbell per CQE. Neither ever re-rings. Run in two worker threads of one process.
// role "pingpong" does both, one request at a time, in one thread.
// shared: Int32Array [consumed, submitted, failures, consumer finished].
import { parentPort, workerData } from 'node:worker_threads';
import { loadNative } from '@uacce/native';
import { bypassSqe } from './bypass-sqe.mjs';

const { role, dusFd, mmioFd, queueId, count, inflight, shared: sharedBuffer, idleMs } = workerData;
const native = loadNative();
const dus = Buffer.from(native.mmap(dusFd, 0x25000, 0));
const mmio = native.mmap(mmioFd, 8192, 0);
const shared = new Int32Array(sharedBuffer);
const DEPTH = 1024;
const CQ = 128 * DEPTH;

function doorbell(command, index) {
  native.mmioStore64(mmio, 0x1000, (BigInt(index) << 32n) | BigInt((command << 12) | queueId));
}

function submit() {
  const { sqe } = bypassSqe(native);
  for (let request = 0; request < count; request++) {
    let spins = 0;
    while (request - Atomics.load(shared, 0) >= inflight) {
      if (Atomics.load(shared, 3) !== 0) return;
      if (++spins % 1024 === 0) Atomics.wait(shared, 3, 0, 0.05);
    }
    sqe.writeUInt32LE(request + 1, 26 * 4);
    const slot = request % DEPTH;
    sqe.copy(dus, slot * 128);
    doorbell(0, (request + 1) % DEPTH);
    Atomics.store(shared, 1, request + 1);
  }
}

function consume() {
  let head = 0;
  let phase = 1;
  let last = Date.now();
  for (let request = 0; request < count; ) {
    const cqe = CQ + head * 16;
    if ((dus.readUInt16LE(cqe + 14) & 1) !== phase) {
      if (Date.now() - last > idleMs) break;
      continue;
    }
    native.readBarrier();
    const slot = dus.readUInt16LE(cqe + 8);
    const tag = dus.readUInt32LE(slot * 128 + 26 * 4);
    const status = dus.readUInt32LE(slot * 128 + 3 * 4) & 0xff;
    if (tag !== request + 1 || status !== 0) Atomics.add(shared, 2, 1);
    head += 1;
    if (head === DEPTH) {
      head = 0;
      phase ^= 1;
    }
    doorbell(1, head);
    request += 1;
    Atomics.store(shared, 0, request);
    last = Date.now();
  }
  Atomics.store(shared, 3, 1);
  Atomics.notify(shared, 3);
}

/**
 * One request at a time from one thread: submit, busy-poll its CQE, consume it, submit the next.
 * Every request completes on its own, so the device raises readiness once per request.
 */
function pingPong() {
  const { sqe } = bypassSqe(native);
  let phase = 1;
  for (let request = 0; request < count; request++) {
    const slot = request % DEPTH;
    sqe.writeUInt32LE(request + 1, 26 * 4);
    sqe.copy(dus, slot * 128);
    doorbell(0, (request + 1) % DEPTH);
    Atomics.store(shared, 1, request + 1);
    const cqe = CQ + slot * 16;
    const deadline = Date.now() + idleMs;
    while ((dus.readUInt16LE(cqe + 14) & 1) !== phase) if (Date.now() > deadline) return;
    native.readBarrier();
    const done = dus.readUInt16LE(cqe + 8);
    if (dus.readUInt32LE(done * 128 + 26 * 4) !== request + 1) Atomics.add(shared, 2, 1);
    if (slot === DEPTH - 1) phase ^= 1;
    doorbell(1, (request + 1) % DEPTH);
    Atomics.store(shared, 0, request + 1);
  }
}

if (role === 'submit') submit();
else if (role === 'consume') consume();
else pingPong();
parentPort.postMessage('done');
