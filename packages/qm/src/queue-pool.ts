// SPDX-License-Identifier: Apache-2.0
// The public face of the queue engine: a pool of started queues of one device and direction,
// shared by every caller (see pool-engine.ts for the scheduling model).
import { EventEmitter } from 'node:events';
import { UacceArgumentError } from '@uacce/abi';
import type { NativeBinding } from '@uacce/native';
import { type LocationOptions, resolveLocations } from './config';
import { openFirstQueue } from './device-selection';
import type { DeviceInfo } from './discovery';
import { createEmulatorTransport } from './emulator-transport';
import type { HealthEvent } from './health';
import { createKernelTransport } from './kernel-transport';
import { loadNativeBinding } from './native-module';
import { type EngineSettings, type PoolCounters, PoolEngine } from './pool-engine';
import type { SubmitRequest } from './request';
import type { Transport } from './transport';

export interface QueuePoolOptions extends LocationOptions {
  /** The algorithm the device must offer (a line of `algorithms`, e.g. 'gzip'). */
  algorithm: string;
  /** The queue type (qc_type): 0 compress, 1 decompress (spec §2.4). */
  direction: 0 | 1;
  /** Use only this device (e.g. 'hisi_zip-0'). */
  device?: string;
  /** Queues the pool may hold at once (default 4). */
  maxQueues?: number;
  /**
   * Warm queues: queues kept open through idle spells (default 0, so an idle pool holds no queue
   * of the device; the next request opens one again). Set it to keep queues open at the cost of
   * taking them from every other process that shares the device.
   */
  minQueues?: number;
  /** Requests that may wait for a free slot before submit fails with ERR_UACCE_QUEUE_FULL (default 4096). */
  maxWaiting?: number;
  /** Outstanding requests per queue above which another queue is opened (default 64). */
  growThreshold?: number;
  /** Per-request timeout in ms, from submission to completion; 0 = none (default 30000). */
  requestTimeoutMs?: number;
  /**
   * A queue with no hardware work for this long goes back to the device, down to minQueues
   * (default 5000 ms; 0 = never: queues are kept until close()).
   */
  idleTimeoutMs?: number;
  /** Busy-poll budget after a doorbell before waiting for readiness, in µs (default 20; 0 = none). */
  busyPollMicros?: number;
  /** Back-off before reopening a queue on a device that failed, doubled per failure (default 200 ms). */
  backoffMs?: number;
  /** How often the `isolate` attribute of the devices in use is re-read, in ms (default 1000; 0 = never). */
  healthCheckMs?: number;
  /**
   * A queue with work outstanding that completes nothing for this long is stalled and leaves
   * service, whatever the requests' own timeouts (ms, checked every healthCheckMs; default 10000; 0 = never).
   */
  stallTimeoutMs?: number;
  /** Hw types accepted (default 2, 3, 5). */
  hwTypes?: readonly number[];
  /** NUMA node to prefer (default: the node the process runs on). */
  numaNode?: number;
  /** A transport object to use instead of the kernel or emulator one (tests, benchmarks). */
  customTransport?: Transport;
}

/** The device a pool runs on. */
export interface PoolDevice {
  readonly name: string;
  readonly api: string;
  readonly hwType: number;
  readonly algorithms: readonly string[];
  readonly numaNode: number;
}

/** What `stats()` reports. */
export interface QueuePoolStats extends PoolCounters {
  device: string;
  hwType: number;
  /** Queues in service. */
  queues: number;
  /** Queues being opened. */
  opening: number;
  /** Requests in SQ slots. */
  inFlight: number;
  /** Requests waiting for a slot. */
  waiting: number;
  /** Devices this pool took out of service, with the reason. */
  outOfService: { device: string; reason: string }[];
}

/** Engines of pools whose owner dropped them without close(): their queues go back. */
let finalizer: FinalizationRegistry<PoolEngine> | undefined;

/**
 * A bounded pool of started queues of one device and direction. Emits 'health' (HealthEvent)
 * when a queue or device leaves service or the pool fails over to another device.
 */
export class QueuePool extends EventEmitter {
  readonly #engine: PoolEngine;

  /** Use openQueuePool(). */
  constructor(engine: PoolEngine) {
    super();
    this.#engine = engine;
    const self = new WeakRef(this);
    // The engine must not keep the pool alive, or an abandoned pool could never be finalized.
    engine.emit = (event: HealthEvent) => {
      self.deref()?.emit('health', event);
    };
    finalizer ??= new FinalizationRegistry((abandoned) => abandoned.dispose());
    finalizer.register(this, engine, engine);
  }

  /** 'health': a queue or device left service, or the pool failed over to another device. */
  override on(event: 'health', listener: (event: HealthEvent) => void): this;
  // biome-ignore lint/suspicious/noExplicitAny: EventEmitter's own listener type
  override on(event: string | symbol, listener: (...args: any[]) => void): this;
  // biome-ignore lint/suspicious/noExplicitAny: EventEmitter's own listener type
  override on(event: string | symbol, listener: (...args: any[]) => void): this {
    return super.on(event, listener);
  }

  /** The device serving the pool (it changes only on fail-over, to one of the same hw type). */
  get device(): PoolDevice {
    const { name, api, hwType, algorithms, numaNode } = this.#engine.device;
    return { name, api, hwType, algorithms, numaNode };
  }

  /** UADK hw type of the device (2, 3, 5); fixed for the pool's life (it selects the SQE layout). */
  get hwType(): number {
    return this.#engine.hwType;
  }

  /** The SQE size the queues report (128 for ZIP). */
  get sqeSize(): number {
    return this.#engine.sqeSize;
  }

  /**
   * Submits one SQE; resolves with the completed SQE read back from its slot. Rejects with
   * ERR_UACCE_QUEUE_FULL (wait queue full), ERR_UACCE_TIMEOUT, ERR_UACCE_QUEUE_DISABLED (reset,
   * stall), ERR_UACCE_DEVICE_ISOLATED, ERR_UACCE_BAD_COMPLETION, ERR_UACCE_QUEUE_CLOSED,
   * ERR_UACCE_NO_DEVICE, ERR_INVALID_ARG_TYPE / ERR_INVALID_ARG_VALUE (bad SQE).
   */
  submit(request: SubmitRequest): Promise<Uint8Array> {
    return this.#engine.submit(request);
  }

  /** Submits several SQEs with one SQ doorbell per queue used; one promise each (same errors as submit). */
  submitBatch(requests: readonly SubmitRequest[]): Promise<Uint8Array>[] {
    if (!Array.isArray(requests))
      throw new UacceArgumentError('ERR_INVALID_ARG_TYPE', 'requests must be an array');
    return this.#engine.submitBatch(requests);
  }

  /** Like submit, but returns undefined instead of waiting when no slot is free right now. */
  trySubmit(request: SubmitRequest): Promise<Uint8Array> | undefined {
    return this.#engine.trySubmit(request);
  }

  /**
   * Submits and busy-polls for the completion on this thread. Throws ERR_UACCE_QUEUE_FULL when no
   * started queue has a free slot now, and the errors of submit.
   */
  submitSync(request: SubmitRequest): Uint8Array {
    return this.#engine.submitSync(request);
  }

  stats(): QueuePoolStats {
    const engine = this.#engine;
    return {
      ...engine.counters,
      device: engine.device.name,
      hwType: engine.hwType,
      queues: engine.queues.length,
      opening: engine.opening,
      inFlight: engine.queues.reduce((sum, queue) => sum + queue.outstanding, 0),
      waiting: engine.waiting,
      outOfService: engine.outOfService(),
    };
  }

  /** True once close() was called (or the pool was finalized). */
  get closed(): boolean {
    return this.#engine.closed;
  }

  /** Fails pending requests with ERR_UACCE_QUEUE_CLOSED and returns every queue. Idempotent. */
  async close(): Promise<void> {
    finalizer?.unregister(this.#engine);
    await this.#engine.close();
  }
}

/**
 * Opens a pool on the preferred device offering `algorithm`, with one started queue (which goes
 * back to the device after idleTimeoutMs without work, unless minQueues keeps it warm).
 * Throws ERR_UACCE_NO_DEVICE (no device can serve; the cause lists why each was skipped),
 * ERR_UACCE_QUEUE_SETUP (a bring-up step failed, named in `step`), ERR_UACCE_NATIVE_UNAVAILABLE
 * (the addon cannot load), ERR_INVALID_ARG_TYPE / ERR_INVALID_ARG_VALUE.
 */
export async function openQueuePool(options: QueuePoolOptions): Promise<QueuePool> {
  const settings = poolSettings(options);
  const transport = options.customTransport ?? createTransport(options, await loadNativeBinding());
  const { device, queue } = await openFirstQueue(transport, settings.selection);
  return new QueuePool(new PoolEngine(transport, settings, device as DeviceInfo, queue));
}

function createTransport(options: LocationOptions, native: NativeBinding): Transport {
  const locations = resolveLocations(options);
  return locations.transport === 'emulator'
    ? createEmulatorTransport(native, locations.emulatorSocket as string)
    : createKernelTransport(native, locations.devRoot);
}

function poolSettings(options: QueuePoolOptions): EngineSettings {
  if (typeof options !== 'object' || options === null)
    throw new UacceArgumentError('ERR_INVALID_ARG_TYPE', 'options must be an object');
  if (typeof options.algorithm !== 'string' || options.algorithm === '') {
    throw new UacceArgumentError('ERR_INVALID_ARG_TYPE', 'options.algorithm must be a non-empty string');
  }
  if (options.direction !== 0 && options.direction !== 1) {
    throw new UacceArgumentError(
      'ERR_INVALID_ARG_VALUE',
      'options.direction must be 0 (compress) or 1 (decompress)',
    );
  }
  const maxQueues = count('maxQueues', options.maxQueues, 4, 1);
  const locations = resolveLocations(options.customTransport ? { ...options, transport: 'kernel' } : options);
  return {
    direction: options.direction,
    maxQueues,
    minQueues: Math.min(count('minQueues', options.minQueues, 0, 0), maxQueues),
    maxWaiting: count('maxWaiting', options.maxWaiting, 4096, 0),
    growThreshold: count('growThreshold', options.growThreshold, 64, 1),
    requestTimeoutMs: count('requestTimeoutMs', options.requestTimeoutMs, 30_000, 0),
    idleTimeoutMs: count('idleTimeoutMs', options.idleTimeoutMs, 5_000, 0),
    busyPollMicros: count('busyPollMicros', options.busyPollMicros, 20, 0),
    backoffMs: count('backoffMs', options.backoffMs, 200, 0),
    healthCheckMs: count('healthCheckMs', options.healthCheckMs, 1000, 0),
    stallTimeoutMs: count('stallTimeoutMs', options.stallTimeoutMs, 10_000, 0),
    sysfsRoot: locations.sysfsRoot,
    selection: {
      direction: options.direction,
      device: options.device,
      discovery: {
        sysfsRoot: locations.sysfsRoot,
        algorithm: options.algorithm,
        hwTypes: options.hwTypes,
        numaNode: options.numaNode,
      },
    },
  };
}

function count(name: string, value: number | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new UacceArgumentError('ERR_INVALID_ARG_TYPE', `options.${name} must be an integer`);
  }
  if (value < min) throw new UacceArgumentError('ERR_OUT_OF_RANGE', `options.${name} must be >= ${min}`);
  return value;
}
