// SPDX-License-Identifier: Apache-2.0
// The engine: one queue pool per direction (a queue serves one direction, spec §2.4), the device
// generation's profile for each, and the block and session APIs on top of the driver operations.
import { UacceArgumentError, UacceDeviceError } from '@uacce/abi';
import {
  discoverDevices,
  loadNativeBinding,
  openQueuePool,
  type QueuePool,
  type QueuePoolOptions,
  type QueuePoolStats,
  resolveLocations,
} from '@uacce/qm';
import { compressBlock, decompressBlock } from './block';
import { CompressSession, type SessionTransport } from './compress-session';
import { CompressStream } from './compress-stream';
import { DecompressSession } from './decompress-session';
import { DecompressStream } from './decompress-stream';
import type { DeviceContext } from './descriptor';
import {
  assertDirection,
  assertFormat,
  resolveLevel,
  resolveWindowBits,
  ZIP_FORMATS,
  type ZipDirection,
  type ZipFormat,
} from './format';
import { type FormatPlan, HardwareProfile } from './hardware-profile';
import { resolveMaxOutputLength, toChunks } from './input';
import { type Operation, runAsync, runSync } from './operation';

/** Where to find devices and how many queues to use (the qm options of the same names). */
export interface ZipEngineOptions {
  transport?: QueuePoolOptions['transport'];
  sysfsRoot?: string;
  devRoot?: string;
  emulatorSocket?: string;
  /** The environment to read instead of `process.env` (UACCE_TRANSPORT, UACCE_EMULATOR_SOCKET, ...). */
  env?: QueuePoolOptions['env'];
  /** Use only this device (e.g. 'hisi_zip-0'). */
  device?: string;
  /** Queues per direction (default 4). */
  maxQueues?: number;
  /** Per-descriptor timeout in ms (default 30000). */
  requestTimeoutMs?: number;
  /** Queues per direction kept open through idle spells (default 0: an idle engine holds no queue). */
  minQueues?: number;
  /** A queue with no work this long goes back to the device, down to minQueues (default 5000 ms; 0 = never). */
  idleTimeoutMs?: number;
}

export interface CompressOptions {
  /** -1..9; the device has no level, it shapes the header bytes only (see README). */
  level?: number;
  /** 8..15 (default 15). */
  windowBits?: number;
}

export interface DecompressOptions {
  /** Output allowed before ERR_BUFFER_TOO_LARGE (node:zlib's option; default buffer.constants.MAX_LENGTH). */
  maxOutputLength?: number;
  /** Largest window a zlib header may declare, 8..15 or 0 (default 15). */
  windowBits?: number;
}

export interface CompressSessionOptions extends CompressOptions {
  format: ZipFormat;
}

export interface DecompressSessionOptions {
  format: ZipFormat;
  maxOutputLength?: number;
  windowBits?: number;
}

interface DirectionLane {
  pool: QueuePool;
  profile: HardwareProfile;
  transport: SessionTransport;
}

function laneFor(pool: QueuePool): DirectionLane {
  return {
    pool,
    profile: new HardwareProfile(pool.hwType, pool.device.algorithms),
    transport: {
      submit: (request) => pool.submit(request),
      submitSync: (request) => pool.submitSync(request),
    },
  };
}

/** The ZIP driver on one device (per direction); open with openZipEngine(). */
export class ZipEngine {
  readonly #lanes: Partial<Record<ZipDirection, DirectionLane>>;
  readonly #device: DeviceContext;
  readonly #emulated: boolean;
  #closed = false;

  /** Use openZipEngine(). */
  constructor(
    lanes: Partial<Record<ZipDirection, QueuePool>>,
    addressOf: (view: Uint8Array) => bigint,
    emulated = false,
  ) {
    this.#emulated = emulated;
    this.#lanes = {};
    for (const direction of ['compress', 'decompress'] as const) {
      const pool = lanes[direction];
      if (pool) this.#lanes[direction] = laneFor(pool);
    }
    let tag = 0;
    this.#device = { addressOf, nextTag: () => (tag = (tag + 1) >>> 0) };
  }

  /** UADK hw type of the device (2 = hisi_qm_v2, 3 = hisi_qm_v3, ...). */
  get hwType(): number {
    return this.#anyLane().pool.hwType;
  }

  /** True when the device is the emulator (transport 'emulator'), not a kernel uacce device. */
  get emulated(): boolean {
    return this.#emulated;
  }

  /** Name of the device serving compression (or decompression when only that is open). */
  get device(): string {
    return this.#anyLane().pool.device.name;
  }

  /** The formats the device serves in `direction`. Throws ERR_INVALID_ARG_VALUE. */
  formats(direction: ZipDirection): ZipFormat[] {
    assertDirection(direction);
    return ZIP_FORMATS.filter((format) => this.supports(format, direction));
  }

  /** True when `format` can run on the device in `direction`. Throws ERR_INVALID_ARG_VALUE. */
  supports(format: ZipFormat, direction: ZipDirection): boolean {
    assertFormat(format);
    assertDirection(direction);
    return !this.#closed && (this.#lanes[direction]?.profile.supports(format, direction) ?? false);
  }

  /** Compresses a whole input (one or several Buffers) into one stream; see README for errors. */
  compress(
    format: ZipFormat,
    input: Uint8Array | readonly Uint8Array[],
    options: CompressOptions = {},
  ): Promise<Buffer> {
    return this.#async('compress', format, (plan) =>
      compressBlock(this.#device, this.#compressOptions(format, plan, options), toChunks(input)),
    );
  }

  /** compress() with busy-polling; throws ERR_UACCE_QUEUE_FULL when no queue slot is free now. */
  compressSync(
    format: ZipFormat,
    input: Uint8Array | readonly Uint8Array[],
    options: CompressOptions = {},
  ): Buffer {
    return this.#sync('compress', format, (plan) =>
      compressBlock(this.#device, this.#compressOptions(format, plan, options), toChunks(input)),
    );
  }

  /** Decompresses a whole stream (gzip: every member); see README for errors. */
  decompress(
    format: ZipFormat,
    input: Uint8Array | readonly Uint8Array[],
    options: DecompressOptions = {},
  ): Promise<Buffer> {
    return this.#async('decompress', format, (plan) =>
      decompressBlock(this.#device, this.#decompressOptions(format, plan, options), toChunks(input)),
    );
  }

  /** decompress() with busy-polling; throws ERR_UACCE_QUEUE_FULL when no queue slot is free now. */
  decompressSync(
    format: ZipFormat,
    input: Uint8Array | readonly Uint8Array[],
    options: DecompressOptions = {},
  ): Buffer {
    return this.#sync('decompress', format, (plan) =>
      decompressBlock(this.#device, this.#decompressOptions(format, plan, options), toChunks(input)),
    );
  }

  /** A stateful compression stream. Throws ERR_INVALID_ARG_VALUE / ERR_OUT_OF_RANGE, ERR_UACCE_QUEUE_CLOSED. */
  createCompressSession(options: CompressSessionOptions): CompressSession {
    const { format } = options;
    const lane = this.#lane('compress', format);
    const stream = new CompressStream(
      this.#device,
      this.#compressOptions(format, lane.profile.plan(format), options),
    );
    return new CompressSession(stream, lane.transport);
  }

  /** A stateful decompression stream. Throws ERR_INVALID_ARG_VALUE / ERR_OUT_OF_RANGE, ERR_UACCE_QUEUE_CLOSED. */
  createDecompressSession(options: DecompressSessionOptions): DecompressSession {
    const { format } = options;
    const lane = this.#lane('decompress', format);
    const stream = new DecompressStream(
      this.#device,
      this.#decompressOptions(format, lane.profile.plan(format), options),
    );
    return new DecompressSession(stream, lane.transport, format);
  }

  /** Queue load and counters per direction (qm's pool stats), for routing work by load. */
  stats(): Partial<Record<ZipDirection, QueuePoolStats>> {
    const stats: Partial<Record<ZipDirection, QueuePoolStats>> = {};
    for (const direction of ['compress', 'decompress'] as const) {
      const lane = this.#lanes[direction];
      if (lane) stats[direction] = lane.pool.stats();
    }
    return stats;
  }

  /** Returns every queue; pending work fails with ERR_UACCE_QUEUE_CLOSED. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all(Object.values(this.#lanes).map((lane) => lane.pool.close()));
  }

  #compressOptions(format: ZipFormat, plan: FormatPlan, options: CompressOptions) {
    return {
      format,
      plan,
      level: resolveLevel(options.level),
      windowBits: resolveWindowBits(options.windowBits, 'compress'),
    };
  }

  #decompressOptions(format: ZipFormat, plan: FormatPlan, options: DecompressOptions) {
    return {
      format,
      plan,
      windowBits: resolveWindowBits(options.windowBits, 'decompress'),
      maxOutputLength: resolveMaxOutputLength(options.maxOutputLength),
    };
  }

  #anyLane(): DirectionLane {
    return (this.#lanes.compress ?? this.#lanes.decompress) as DirectionLane;
  }

  /** The lane for a request; throws ERR_UACCE_QUEUE_CLOSED or ERR_INVALID_ARG_VALUE (unsupported). */
  #lane(direction: ZipDirection, format: ZipFormat): DirectionLane {
    assertFormat(format);
    if (this.#closed) throw new UacceDeviceError('ERR_UACCE_QUEUE_CLOSED', 'the engine is closed');
    const lane = this.#lanes[direction];
    if (!lane?.profile.supports(format, direction)) {
      throw new UacceArgumentError(
        'ERR_INVALID_ARG_VALUE',
        `${format} ${direction}ion is not served by this device; check supports() first`,
      );
    }
    return lane;
  }

  async #async<T>(
    direction: ZipDirection,
    format: ZipFormat,
    build: (plan: FormatPlan) => Operation<T>,
  ): Promise<T> {
    const lane = this.#lane(direction, format);
    return runAsync(build(lane.profile.plan(format)), lane.transport.submit);
  }

  #sync<T>(direction: ZipDirection, format: ZipFormat, build: (plan: FormatPlan) => Operation<T>): T {
    const lane = this.#lane(direction, format);
    return runSync(build(lane.profile.plan(format)), lane.transport.submitSync);
  }
}

/** Opens a pool, or returns the error that stopped it. */
async function tryOpen(options: ZipEngineOptions, direction: 0 | 1): Promise<QueuePool | Error> {
  try {
    return await openQueuePool({ ...options, algorithm: 'zlib', direction });
  } catch (error) {
    return error as Error;
  }
}

/** Discovery reads sysfs only: "no device" is reported as such even where the addon cannot load. */
async function assertDeviceExists(options: ZipEngineOptions): Promise<void> {
  const found = await discoverDevices({ ...options, algorithm: 'zlib' });
  if (found.devices.some((device) => options.device === undefined || device.name === options.device)) return;
  const reasons = found.skipped.map((skipped) => `${skipped.name}: ${skipped.reason}`).join('; ');
  throw new UacceDeviceError(
    'ERR_UACCE_NO_DEVICE',
    `no ZIP device under ${found.sysfsRoot}${reasons ? ` (${reasons})` : ''}`,
  );
}

/**
 * Opens the engine: a compression and a decompression pool on the preferred device. Rejects with
 * UacceDeviceError ERR_UACCE_NO_DEVICE when no device is found (checked before the addon is
 * loaded) or none can serve either direction, and the other qm errors (ERR_UACCE_QUEUE_SETUP,
 * ERR_UACCE_NATIVE_UNAVAILABLE, ...).
 */
export async function openZipEngine(options: ZipEngineOptions = {}): Promise<ZipEngine> {
  if (typeof options !== 'object' || options === null) {
    throw new UacceArgumentError('ERR_INVALID_ARG_TYPE', 'options must be an object');
  }
  await assertDeviceExists(options);
  const native = await loadNativeBinding();
  const [compress, decompress] = await Promise.all([tryOpen(options, 0), tryOpen(options, 1)]);
  if (compress instanceof Error && decompress instanceof Error) throw compress;
  return new ZipEngine(
    {
      compress: compress instanceof Error ? undefined : compress,
      decompress: decompress instanceof Error ? undefined : decompress,
    },
    (view) => native.addressOf(view),
    resolveLocations(options).transport === 'emulator',
  );
}
