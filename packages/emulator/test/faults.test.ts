// SPDX-License-Identifier: Apache-2.0
// Every injectable fault, observed the way a client observes the device (spec §2.7, §6 items 8
// and 13): completion statuses, missing completions, status words, attributes, events, errnos.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator, ZIP_STATUS } from '../src';
import { DeviceConnection, DUS_SIZE, ErrnoReply, PAGE, RingClient, START_Q } from './support/ring-client';
import { sample } from './support/sample';
import { buildSgl, buildSqe, readResult } from './support/sqe-builder';

let emulator: RunningEmulator;
const clients: RingClient[] = [];
// SGLs the device reads by address: kept reachable until the suite ends.
const retained: unknown[] = [];
// One queue serves every bad-address case (the device has only four).
let dmaRing: RingClient | undefined;

beforeAll(async () => {
  emulator = await startEmulator({ devices: 6, queuesPerDevice: 4 });
});

afterAll(async () => {
  for (const client of clients) client.close();
  retained.length = 0;
  await emulator?.stop();
});

async function client(device: string, qcType = 0): Promise<RingClient> {
  const opened = await RingClient.open(emulator, device, qcType);
  clients.push(opened);
  return opened;
}

function compressSqe(input: Buffer, dest: Buffer, tag = 0): Buffer {
  return buildSqe({
    requestType: 1,
    source: input,
    sourceLength: input.length,
    dest,
    destLength: dest.length,
    tag,
  });
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

describe('fault injection', () => {
  it('failNext: the next N descriptors complete with the chosen status, then service resumes', async () => {
    const ring = await client('hisi_zip-0');
    await emulator.faults.failNext('hisi_zip-0', 2, 0x55);
    const input = sample(5000);
    const dests = [Buffer.alloc(8000), Buffer.alloc(8000), Buffer.alloc(8000)];
    ring.submit(...dests.map((dest, tag) => compressSqe(input, dest, tag)));
    const statuses = new Map<number, number>();
    for (let i = 0; i < 3; i++) {
      const result = readResult((await ring.receive())!.sqe);
      statuses.set(result.tag, result.status);
    }
    expect([statuses.get(0), statuses.get(1), statuses.get(2)]).toEqual([0x55, 0x55, ZIP_STATUS.OK]);
  });

  it('stall: SQEs are accepted but not completed until unstalled', async () => {
    const ring = await client('hisi_zip-1');
    await emulator.faults.stall('hisi_zip-1', ring.queueId);
    const dest = Buffer.alloc(8000);
    ring.submit(compressSqe(sample(3000), dest));
    let queue = (await emulator.faults.queues('hisi_zip-1'))[0]!;
    for (let i = 0; i < 100 && queue.sqTail === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      queue = (await emulator.faults.queues('hisi_zip-1'))[0]!;
    }
    expect(queue).toMatchObject({ stalled: true, sqTail: 1, completed: 0 });
    expect(ring.tryReceive()).toBeUndefined();
    await emulator.faults.unstall('hisi_zip-1');
    const result = readResult((await ring.receive())!.sqe);
    expect(result.status).toBe(ZIP_STATUS.OK);
  });

  it('reset: status words set, queue stopped, open and START fail EPERM until recover', async () => {
    const ring = await client('hisi_zip-2');
    const idle = new DeviceConnection(emulator.socketPath);
    await idle.call('open', { device: 'hisi_zip-2', pid: process.pid });
    await emulator.faults.reset('hisi_zip-2');
    expect(ring.statusWords()).toEqual({ rx: 1, tx: 1 });
    const probe = new DeviceConnection(emulator.socketPath);
    expect(await errnoOf(probe.call('open', { device: 'hisi_zip-2', pid: process.pid }))).toBe('EPERM');
    expect(await errnoOf(idle.ioctl(START_Q))).toBe('EPERM');
    const stopped = (await emulator.faults.queues('hisi_zip-2')).find((queue) => queue.id === ring.queueId)!;
    expect(stopped.disabled).toBe(true);
    ring.submit(compressSqe(sample(100), Buffer.alloc(1000)));
    expect(ring.tryReceive()).toBeUndefined();
    await emulator.faults.recover('hisi_zip-2');
    const again = await client('hisi_zip-2');
    expect(again.statusWords()).toEqual({ rx: 0, tx: 0 });
    expect(ring.statusWords()).toEqual({ rx: 1, tx: 1 });
    probe.close();
    idle.close();
  });

  it('isolate: the attribute reads 1; open still succeeds (advisory, as in the kernel)', async () => {
    await emulator.faults.isolate('hisi_zip-3');
    expect(readFileSync(join(emulator.sysfsRoot, 'hisi_zip-3', 'isolate'), 'utf8')).toBe('1\n');
    const ring = await client('hisi_zip-3');
    expect(ring.queueId).toBeGreaterThanOrEqual(0);
    await emulator.faults.isolate('hisi_zip-3', false);
    expect(readFileSync(join(emulator.sysfsRoot, 'hisi_zip-3', 'isolate'), 'utf8')).toBe('0\n');
  });

  it('remove: the client gets {"ev":"removed"}, regions are zapped, ioctls ENXIO, sysfs gone', async () => {
    const ring = await client('hisi_zip-4');
    const regions = await ring.connection.send('mmap', { offset: PAGE, length: DUS_SIZE });
    expect(regions.errno).toBe('EEXIST');
    const paths = (await emulator.faults.queues('hisi_zip-4')).length;
    expect(paths).toBe(1);
    await emulator.faults.remove('hisi_zip-4');
    for (let i = 0; i < 200 && !ring.connection.events.includes('removed'); i++)
      await ring.connection.nextEvent(10);
    expect(ring.connection.events).toContain('removed');
    expect(await errnoOf(ring.connection.ioctl(START_Q))).toBe('ENXIO');
    expect(existsSync(join(emulator.sysfsRoot, 'hisi_zip-4'))).toBe(false);
    const probe = new DeviceConnection(emulator.socketPath);
    expect(await errnoOf(probe.call('open', { device: 'hisi_zip-4', pid: process.pid }))).toBe('ENODEV');
    probe.close();
  });

  it('slow: a descriptor waits out the delay (no completion yet), and lifting it releases it', async () => {
    const ring = await client('hisi_zip-5');
    // A delay far longer than any test: the descriptors cannot complete unless it is lifted.
    await emulator.faults.slow('hisi_zip-5', 3_600_000);
    const input = sample(2000);
    const dests = [Buffer.alloc(4000), Buffer.alloc(4000)];
    ring.submit(...dests.map((dest, tag) => compressSqe(input, dest, tag)));
    let queue = (await emulator.faults.queues('hisi_zip-5'))[0]!;
    for (let i = 0; i < 200 && !queue.busy; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      queue = (await emulator.faults.queues('hisi_zip-5'))[0]!;
    }
    // Seen and held, not stalled: the device took the work and is waiting out the delay.
    expect(queue).toMatchObject({ busy: true, stalled: false, sqTail: 2, completed: 0 });
    expect(ring.tryReceive()).toBeUndefined();
    await emulator.faults.slow('hisi_zip-5', 0);
    const results = [readResult((await ring.receive())!.sqe), readResult((await ring.receive())!.sqe)];
    expect(results.map((result) => [result.tag, result.status])).toEqual([
      [0, ZIP_STATUS.OK],
      [1, ZIP_STATUS.OK],
    ]);
    expect(inflateRawSync(dests[1]!.subarray(0, results[1]!.produced)).equals(input)).toBe(true);
  });

  it('slow: under a short delay every descriptor still completes, in order', async () => {
    const ring = await client('hisi_zip-5');
    await emulator.faults.slow('hisi_zip-5', 20);
    const dest = Buffer.alloc(4000);
    const slots = ring.submit(...[0, 1, 2].map((tag) => compressSqe(sample(500), dest, tag)));
    const seen = [];
    for (const _ of slots) seen.push((await ring.receive())!.slot);
    expect(seen).toEqual(slots);
    await emulator.faults.slow('hisi_zip-5', 0);
  });

  it('corrupt: the next output no longer inflates to the input', async () => {
    const ring = await client('hisi_zip-0');
    await emulator.faults.corrupt('hisi_zip-0', 1);
    const input = sample(20_000);
    const bad = Buffer.alloc(30_000);
    const good = Buffer.alloc(30_000);
    ring.submit(compressSqe(input, bad, 1), compressSqe(input, good, 2));
    const results = [readResult((await ring.receive())!.sqe), readResult((await ring.receive())!.sqe)];
    const byTag = new Map(results.map((result) => [result.tag, result]));
    const corrupted = bad.subarray(0, byTag.get(1)!.produced);
    let same = false;
    try {
      same = inflateRawSync(corrupted).equals(input);
    } catch {
      same = false;
    }
    expect(same).toBe(false);
    expect(inflateRawSync(good.subarray(0, byTag.get(2)!.produced)).equals(input)).toBe(true);
  });

  it.each([
    ['flat source', { source: 0x10n }],
    ['flat destination', { dest: 0x10n }],
    ['first source SGL', { bufferType: 1, source: 0x40n, dest: 0x80n }],
    ['SGE buffer', { bufferType: 1, sgeSource: 0x10n }],
    ['stream context', { streamMode: 1, context: 0x1000n }],
  ] as const)('a bad %s address completes with DMA_FAULT; both processes carry on', async (_name, bad) => {
    dmaRing ??= await client('hisi_zip-0');
    const ring = dmaRing;
    const input = sample(500);
    const dest = Buffer.alloc(1000);
    const sgeSource = 'sgeSource' in bad ? buildSgl([{ address: bad.sgeSource, length: 100 }]) : undefined;
    const sgeDest = sgeSource ? buildSgl([dest]) : undefined;
    retained.push(sgeSource, sgeDest);
    ring.submit(
      buildSqe({
        requestType: 1,
        source: sgeSource?.address ?? input,
        sourceLength: 100,
        dest: sgeDest?.address ?? dest,
        destLength: 1000,
        ...bad,
      }),
    );
    expect(readResult((await ring.receive())!.sqe).status).toBe(ZIP_STATUS.DMA_FAULT);
    ring.submit(compressSqe(input, dest));
    const after = readResult((await ring.receive())!.sqe);
    expect(after.status).toBe(ZIP_STATUS.OK);
    expect(inflateRawSync(dest.subarray(0, after.produced)).equals(input)).toBe(true);
  });
});

describe('killing the device process', () => {
  it('closes every client connection; stop() still cleans up', async () => {
    const own = await startEmulator();
    const ring = await RingClient.open(own, 'hisi_zip-0', 0);
    const closed = new Promise<void>((resolve) => ring.connection.socket.once('close', () => resolve()));
    await own.faults.kill();
    await closed;
    expect(ring.connection.socket.destroyed).toBe(true);
    await own.stop();
    expect(existsSync(own.dir)).toBe(false);
    ring.close();
  });
});

describe('a client touching its mapping after removal', () => {
  it('dies of SIGBUS, as after the kernel zaps the mappings', async () => {
    const own = await startEmulator();
    const script = fileURLToPath(new URL('./support/touch-after-removal.mjs', import.meta.url));
    const child = spawn(process.execPath, [script, own.socketPath, String(own.pid)], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const exit = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once('exit', (_code, signal) => resolve(signal)),
    );
    await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
    const lines: string[] = [];
    child.stdout!.on('data', (chunk: Buffer) => lines.push(...chunk.toString().trim().split('\n')));
    await own.faults.remove('hisi_zip-0');
    expect(await exit).toBe('SIGBUS');
    // Before the zap the client saw the status words the kernel sets when it stops the QM.
    expect(lines).toContain('ds_rx 1');
    await own.stop();
  });
});

describe('region files after removal', () => {
  it('are truncated so that client access faults (SIGBUS), as the kernel zaps mappings', async () => {
    const own = await startEmulator();
    const connection = new DeviceConnection(own.socketPath);
    await connection.call('open', { device: 'hisi_zip-0', pid: process.pid });
    const reply = await connection.call('mmap', { offset: PAGE, length: DUS_SIZE });
    expect(statSync(String(reply.path)).size).toBe(DUS_SIZE);
    await own.faults.remove('hisi_zip-0');
    const sizeNow = () => (existsSync(String(reply.path)) ? statSync(String(reply.path)).size : 0);
    for (let i = 0; i < 100 && sizeNow() !== 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sizeNow()).toBe(0);
    connection.close();
    await own.stop();
  });
});
