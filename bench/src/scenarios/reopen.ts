// SPDX-License-Identifier: Apache-2.0
// What a queue that went back to the device while idle costs the next request. A qm pool with
// the default (no warm queue) and a short idleTimeoutMs is asked for one stateless deflate
// descriptor after each idle spell: the queue is brought up again (open, SET_QP_CTX, SET_QP_INFO,
// START_Q, mmap MMIO, mmap DUS) before the descriptor runs. Each cycle times that first
// descriptor ("cold"), the next one on the same queue ("warm"), and the system calls of the
// bring-up alone, counted and timed by a transport wrapped around the real one.
import { inflateRawSync } from 'node:zlib';
import {
  decodeZipSqeResult,
  UACCE_CMD_PUT_Q,
  writeZipSqe,
  ZIP_BUFFER_TYPE,
  ZIP_FLUSH,
  ZIP_REQUEST_TYPE,
  ZIP_WINDOW_SIZE,
  zipSqeTypeFor,
} from '@uacce/abi';
import type { QueueFile, Transport } from '@uacce/qm';
import { SkipError } from '../contenders/types';
import { requireEmulator, requireHardware } from '../contenders/uacce-module';
import { importPackage } from '../import-package';
import type { ReopenSample, ReopenTask, TaskResult } from '../tasks';

interface Pool {
  readonly hwType: number;
  readonly sqeSize: number;
  submit(request: { sqe: Uint8Array; keepAlive?: readonly unknown[] }): Promise<Uint8Array>;
  stats(): { queues: number; opening: number };
  close(): Promise<void>;
}

interface QmModule {
  openQueuePool(options: object): Promise<Pool>;
  resolveLocations(options?: object): { transport: string; devRoot: string; emulatorSocket?: string };
  createEmulatorTransport(native: unknown, socketPath: string): Transport;
  createKernelTransport(native: unknown, devRoot: string): Transport;
}

interface Native {
  addressOf(buffer: ArrayBufferView): bigint;
}

async function load<T>(name: string, names: readonly string[]): Promise<T> {
  let module: Record<string, unknown>;
  try {
    module = await importPackage(name);
  } catch (error) {
    throw new SkipError(`${name} does not load (${(error as Error).message.split('\n')[0]})`);
  }
  const missing = names.filter((key) => typeof module[key] !== 'function');
  if (missing.length > 0) throw new SkipError(`${name} does not export ${missing.join(', ')}`);
  return module as T;
}

const now = () => process.hrtime.bigint();

/** Counts and times the bring-up's system calls of every queue file opened through it. */
class CountingTransport implements Transport {
  readonly kind: Transport['kind'];
  opens = 0;
  closes = 0;
  /** Bring-up ioctls (every ioctl but PUT_Q, which belongs to teardown). */
  ioctls = 0;
  mmaps = 0;
  setupNs = 0n;
  readonly #inner: Transport;

  constructor(inner: Transport) {
    this.#inner = inner;
    this.kind = inner.kind;
  }

  async open(device: string): Promise<QueueFile> {
    const started = now();
    const file = await this.#inner.open(device);
    this.setupNs += now() - started;
    this.opens++;
    return this.#wrap(file);
  }

  #wrap(file: QueueFile): QueueFile {
    const counter = this;
    let closed = false;
    return {
      device: file.device,
      async ioctl(request, arg) {
        const started = now();
        const result = await file.ioctl(request, arg);
        if (request !== UACCE_CMD_PUT_Q) {
          counter.ioctls++;
          counter.setupNs += now() - started;
        }
        return result;
      },
      async mmap(qfrt, length) {
        const started = now();
        const mapping = await file.mmap(qfrt, length);
        counter.mmaps++;
        counter.setupNs += now() - started;
        return mapping;
      },
      munmap: (qfrt, mapping) => file.munmap(qfrt, mapping),
      store64: (mapping, offset, value) => file.store64(mapping, offset, value),
      load32: (mapping, offset) => file.load32(mapping, offset),
      watchReadable: (listener) => file.watchReadable(listener),
      onRemoved: (listener) => file.onRemoved(listener),
      async close() {
        await file.close();
        if (!closed) counter.closes++;
        closed = true;
      },
      dispose: () => file.dispose(),
    };
  }
}

/** Waits until the pool holds no queue and the last one's teardown is over. */
async function idle(pool: Pool, transport: CountingTransport, limitMs: number): Promise<void> {
  const end = performance.now() + limitMs;
  for (;;) {
    const stats = pool.stats();
    if (stats.queues === 0 && stats.opening === 0 && transport.closes === transport.opens) return;
    if (performance.now() > end)
      throw new Error(`the pool still holds ${stats.queues} queue(s) ${limitMs} ms into an idle spell`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** A stateless raw-deflate descriptor of 512 bytes and a check of its result. */
function deflateJob(pool: Pool, native: Native) {
  const input = Buffer.from('a log line with some repetition in it; '.repeat(14)).subarray(0, 512);
  const output = Buffer.alloc(2048);
  const requestType = ZIP_REQUEST_TYPE.DEFLATE;
  const sqe = writeZipSqe(
    {
      sqeType: zipSqeTypeFor(pool.hwType, requestType),
      requestType,
      bufferType: ZIP_BUFFER_TYPE.FLAT,
      windowSize: ZIP_WINDOW_SIZE.WINDOW_32K,
      streamMode: 0,
      streamNew: 0,
      flushType: ZIP_FLUSH.FINISH,
      tag: 1,
      inputDataLength: input.length,
      destAvailOut: output.length,
      sourceAddress: native.addressOf(input),
      destAddress: native.addressOf(output),
      streamContextAddress: 0n,
      ctxDw0: 0,
      ctxDw1: 0,
      ctxDw2: 0,
      isize: 0,
      checksum: 0,
    },
    new Uint8Array(pool.sqeSize),
  );
  const check = (completed: Uint8Array) => {
    const { status, produced } = decodeZipSqeResult(completed);
    if (status !== 0 || !inflateRawSync(output.subarray(0, produced)).equals(input))
      throw new Error(`the descriptor completed with status ${status} or wrong bytes`);
  };
  return { request: { sqe, keepAlive: [input, output] }, check };
}

async function oneCycle(pool: Pool, transport: CountingTransport, job: ReturnType<typeof deflateJob>) {
  const before = { opens: transport.opens, ioctls: transport.ioctls, mmaps: transport.mmaps };
  const setupBefore = transport.setupNs;
  const started = now();
  job.check(await pool.submit(job.request));
  const cold = now() - started;
  const setupNs = Number(transport.setupNs - setupBefore);
  const warmStarted = now();
  job.check(await pool.submit(job.request));
  const warmNs = Number(now() - warmStarted);
  return {
    coldNs: Number(cold),
    warmNs,
    setupNs,
    opens: transport.opens - before.opens,
    ioctls: transport.ioctls - before.ioctls,
    mmaps: transport.mmaps - before.mmaps,
  };
}

/** Runs a reopen task: `cycles` idle spells, each followed by a descriptor that reopens a queue. */
export async function runReopen(task: ReopenTask): Promise<TaskResult> {
  if (task.contender === 'qm-emulator') requireEmulator();
  else requireHardware();
  const qm = await load<QmModule>('@uacce/qm', [
    'openQueuePool',
    'resolveLocations',
    'createEmulatorTransport',
    'createKernelTransport',
  ]);
  const { loadNative } = await load<{ loadNative(): Native }>('@uacce/native', ['loadNative']);
  const native = loadNative();
  const locations = qm.resolveLocations();
  const inner =
    locations.transport === 'emulator'
      ? qm.createEmulatorTransport(native, locations.emulatorSocket as string)
      : qm.createKernelTransport(native, locations.devRoot);
  const transport = new CountingTransport(inner);
  const pool = await qm.openQueuePool({
    algorithm: 'deflate',
    direction: 0,
    customTransport: transport,
    maxQueues: 1,
    idleTimeoutMs: task.idleTimeoutMs,
  });
  const idleLimitMs = 20 * task.idleTimeoutMs + 5_000;
  try {
    const job = deflateJob(pool, native);
    const samples: ReopenSample[] = [];
    const started = performance.now();
    for (let cycle = 0; cycle < task.warmup + task.cycles; cycle++) {
      await idle(pool, transport, idleLimitMs);
      const sample = await oneCycle(pool, transport, job);
      if (cycle >= task.warmup) samples.push(sample);
      if (samples.length > 0 && performance.now() - started > task.budgetMs) break;
    }
    return {
      status: 'ok',
      timesNs: samples.map((sample) => sample.coldNs),
      bytesPerRep: 512,
      unitsPerRep: 1,
      outputBytes: 0,
      reopen: samples,
    };
  } finally {
    await pool.close();
  }
}
