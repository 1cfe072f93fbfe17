// SPDX-License-Identifier: Apache-2.0
// One emulated ZIP physical function: its sysfs directory, its pool of queue ids, its health
// state and the faults injected into it.
import { join } from 'node:path';
import type { NativeBinding } from '@uacce/native';
import { DUS_REGION_SIZE, MMIO_REGION_SIZE } from './constants';
import { DoorbellPage } from './doorbell-page';
import { Queue } from './queue';
import { Region } from './region';
import { removeDeviceTree, writeAttribute, writeDeviceTree } from './sysfs';

export type DeviceApi = 'hisi_qm_v2' | 'hisi_qm_v3';

export interface DeviceConfig {
  name: string;
  api: DeviceApi;
  queues: number;
  numaNode: number;
}

/** normal; reset: the QM is stopped (open and START fail EPERM); removed: the device is gone. */
export type DeviceHealth = 'normal' | 'reset' | 'removed';

/** Faults injected into a device, consumed as descriptors run. */
export interface DeviceFaults {
  failRemaining: number;
  failStatus: number;
  corruptRemaining: number;
  delayMs: number;
}

/** Algorithms by api: the capability bitmap defaults of spec §1.4. */
export const ALGORITHMS: Readonly<Record<DeviceApi, readonly string[]>> = {
  hisi_qm_v2: ['zlib', 'gzip'],
  hisi_qm_v3: ['zlib', 'gzip', 'deflate'],
};

let regionGeneration = 0;

export class Device {
  readonly algorithms: readonly string[];
  readonly sysfsDir: string;
  /** Queues handed out and not yet released, by queue id. */
  readonly queues = new Map<number, Queue>();
  health: DeviceHealth = 'normal';
  isolated = false;
  readonly faults: DeviceFaults = { failRemaining: 0, failStatus: 0, corruptRemaining: 0, delayMs: 0 };
  private lastId = -1;
  /**
   * hisi_qm_v2 has no doorbell isolation: every queue's MMIO mapping is the device's one register
   * page, and the value's queue field selects the queue (spec §3.3, §7).
   */
  readonly sharedMmio: Region | undefined;
  private readonly sharedPage: DoorbellPage | undefined;
  private readonly pages = new WeakMap<Queue, DoorbellPage>();

  constructor(
    readonly config: DeviceConfig,
    sysfsRoot: string,
    private readonly regionsDir: string,
    private readonly native: NativeBinding,
  ) {
    this.algorithms = ALGORITHMS[config.api];
    this.sysfsDir = join(sysfsRoot, config.name);
    if (config.api === 'hisi_qm_v2') {
      this.sharedMmio = Region.create(native, join(regionsDir, `${config.name}-mmio`), MMIO_REGION_SIZE);
      this.sharedPage = new DoorbellPage(this.sharedMmio);
    }
  }

  /** The register page a started queue's doorbells arrive on. */
  doorbellPage(queue: Queue): DoorbellPage {
    if (this.sharedPage) return this.sharedPage;
    let page = this.pages.get(queue);
    if (!page) {
      page = new DoorbellPage(queue.mmio, queue);
      this.pages.set(queue, page);
    }
    return page;
  }

  get name(): string {
    return this.config.name;
  }

  get available(): number {
    return this.config.queues - this.queues.size;
  }

  /** Writes the device's sysfs directory. */
  publish(): void {
    writeDeviceTree(this.sysfsDir, {
      api: this.config.api,
      flags: 1,
      availableInstances: this.available,
      algorithms: this.algorithms,
      regionMmioSize: MMIO_REGION_SIZE,
      regionDusSize: DUS_REGION_SIZE,
      isolate: this.isolated,
      isolateStrategy: 0,
      numaNode: this.config.numaNode,
    });
  }

  /**
   * Allocates a queue id cyclically (the next free id after the last one handed out, wrapping,
   * like idr_alloc_cyclic) with fresh zeroed regions; undefined when every queue is in use.
   */
  allocate(): Queue | undefined {
    if (this.available === 0) return undefined;
    let id = this.lastId;
    do id = (id + 1) % this.config.queues;
    while (this.queues.has(id));
    this.lastId = id;
    const base = join(this.regionsDir, `${this.name}-q${id}-${++regionGeneration}`);
    const mmio = this.sharedMmio ?? Region.create(this.native, `${base}-mmio`, MMIO_REGION_SIZE);
    const dus = Region.create(this.native, `${base}-dus`, DUS_REGION_SIZE);
    const queue = new Queue(id, mmio, dus, this.sharedMmio !== undefined);
    this.queues.set(id, queue);
    this.updateAvailable();
    return queue;
  }

  /** Returns a queue's id to the pool (PUT_Q or release); idempotent. */
  release(queue: Queue): void {
    if (this.queues.get(queue.id) !== queue) return;
    this.queues.delete(queue.id);
    this.updateAvailable();
  }

  /** Rewrites available_instances atomically. */
  updateAvailable(): void {
    if (this.health === 'removed') return;
    writeAttribute(this.sysfsDir, 'available_instances', `${this.available}\n`);
  }

  /** Sets the isolate attribute (advisory, as in the kernel: open still succeeds, spec §1.6). */
  setIsolated(isolated: boolean): void {
    this.isolated = isolated;
    if (this.health !== 'removed') writeAttribute(this.sysfsDir, 'isolate', isolated ? '1\n' : '0\n');
  }

  /** Removes the sysfs directory (device removal). */
  unpublish(): void {
    removeDeviceTree(this.sysfsDir);
  }
}
