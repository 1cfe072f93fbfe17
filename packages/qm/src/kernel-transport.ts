// SPDX-License-Identifier: Apache-2.0
// The kernel transport: real system calls on `<devRoot>/<name>` through @uacce/native.
// Readiness is the queue fd becoming readable on the libuv loop (spec §2.5); removal is seen
// through the status words and ENXIO, since the kernel sends no event (spec §2.7).
import { constants } from 'node:fs';
import { join } from 'node:path';
import type { UacceDeviceError } from '@uacce/abi';
import type { NativeBinding } from '@uacce/native';
import { toSystemError } from './internal/system-error';
import type { QueueFile, ReadinessWatch, Transport } from './transport';

/** Creates the kernel transport over `devRoot` (e.g. /dev). */
export function createKernelTransport(native: NativeBinding, devRoot: string): Transport {
  return {
    kind: 'kernel',
    async open(device: string): Promise<QueueFile> {
      const path = join(devRoot, device);
      let fd: number;
      try {
        fd = native.open(path, constants.O_RDWR);
      } catch (error) {
        throw toSystemError(error, 'open', path);
      }
      return new KernelQueueFile(native, device, path, fd);
    },
  };
}

class KernelQueueFile implements QueueFile {
  readonly device: string;
  readonly #native: NativeBinding;
  readonly #path: string;
  #fd: number | undefined;
  readonly #mappings = new Set<ArrayBuffer>();

  constructor(native: NativeBinding, device: string, path: string, fd: number) {
    this.#native = native;
    this.device = device;
    this.#path = path;
    this.#fd = fd;
  }

  async ioctl(request: number, arg?: Uint8Array): Promise<number> {
    const fd = this.#liveFd('ioctl');
    const buffer = arg === undefined ? undefined : Buffer.from(arg.buffer, arg.byteOffset, arg.byteLength);
    try {
      return this.#native.ioctl(fd, request, buffer);
    } catch (error) {
      throw toSystemError(error, 'ioctl', this.#path);
    }
  }

  async mmap(qfrt: number, length: number): Promise<ArrayBuffer> {
    const fd = this.#liveFd('mmap');
    try {
      const mapping = this.#native.mmap(fd, length, qfrt * this.#native.pageSize());
      this.#mappings.add(mapping);
      return mapping;
    } catch (error) {
      throw toSystemError(error, 'mmap', this.#path);
    }
  }

  async munmap(_qfrt: number, mapping: ArrayBuffer): Promise<void> {
    if (!this.#mappings.delete(mapping)) return;
    try {
      this.#native.munmap(mapping);
    } catch (error) {
      throw toSystemError(error, 'munmap', this.#path);
    }
  }

  store64(mapping: ArrayBuffer, offset: number, value: bigint): void {
    this.#native.mmioStore64(mapping, offset, value);
  }

  load32(mapping: ArrayBuffer, offset: number): number {
    return this.#native.mmioLoad32(mapping, offset);
  }

  watchReadable(listener: () => void): ReadinessWatch {
    return this.#native.watchReadable(this.#liveFd('poll'), listener);
  }

  onRemoved(_listener: (error?: UacceDeviceError) => void): void {
    // The kernel zaps the mappings and fails ioctls with ENXIO; the engine sees ds_tx/ds_rx.
  }

  async close(): Promise<void> {
    this.dispose();
  }

  dispose(): void {
    // Every mapping holds a reference to the file: the queue is released only once both are gone.
    for (const mapping of this.#mappings) {
      try {
        this.#native.munmap(mapping);
      } catch {
        // Already unmapped by its finalizer.
      }
    }
    this.#mappings.clear();
    const fd = this.#fd;
    if (fd === undefined) return;
    this.#fd = undefined;
    try {
      this.#native.close(fd);
    } catch {
      // Nothing more can be done for an fd that will not close; it is forgotten either way.
    }
  }

  #liveFd(syscall: string): number {
    if (this.#fd === undefined) throw toSystemError({ code: 'EBADF' }, syscall, this.#path);
    return this.#fd;
  }
}
