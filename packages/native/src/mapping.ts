// SPDX-License-Identifier: Apache-2.0
import { loadNative } from './binding';
import { NativeUnmappedError } from './errors';
import type { NativeBinding } from './types';

// Last resort for an owner dropped without close(). The registry holds the ArrayBuffer, so the
// pages stay mapped exactly as long as the owner lives; the addon's own ArrayBuffer finalizer
// unmaps whatever is left after that.
const kLeaked = new FinalizationRegistry<{ binding: NativeBinding; buffer: ArrayBuffer }>(
  ({ binding, buffer }) => {
    try {
      binding.munmap(buffer);
    } catch {
      // Already unmapped (environment teardown): nothing left to do.
    }
  },
);

/**
 * The one owner of a mapping: `buffer` is backed by the mapped pages until `close()`, which
 * unmaps them and detaches `buffer` (every view of it becomes zero-length).
 */
export class Mapping {
  readonly length: number;
  #buffer: ArrayBuffer | undefined;
  readonly #binding: NativeBinding;

  private constructor(binding: NativeBinding, buffer: ArrayBuffer) {
    this.#binding = binding;
    this.#buffer = buffer;
    this.length = buffer.byteLength;
    kLeaked.register(this, { binding, buffer }, this);
  }

  /**
   * mmap(2) `length` bytes of `fd` at `offset` (MAP_SHARED, read/write).
   * @throws a system error (EINVAL, EEXIST, ENXIO, ENODEV, EBADF, ...) with syscall 'mmap'.
   */
  static map(fd: number, length: number, offset = 0, binding: NativeBinding = loadNative()): Mapping {
    return new Mapping(binding, binding.mmap(fd, length, offset));
  }

  /** The mapped bytes. @throws ERR_UACCE_UNMAPPED after close(). */
  get buffer(): ArrayBuffer {
    if (!this.#buffer) throw new NativeUnmappedError();
    return this.#buffer;
  }

  get closed(): boolean {
    return this.#buffer === undefined;
  }

  /** The address of the first mapped byte (for address arithmetic in tests and the emulator). */
  get address(): bigint {
    return this.#binding.addressOf(this.buffer);
  }

  /** Store barrier, then one 64-bit store (a doorbell, spec §3.3, §3.5). @throws ERR_OUT_OF_RANGE, ERR_UACCE_UNMAPPED. */
  store64(offset: number, value: bigint): void {
    this.#binding.mmioStore64(this.buffer, offset, value);
  }

  /** One 32-bit load, then a load barrier. @throws ERR_OUT_OF_RANGE, ERR_UACCE_UNMAPPED. */
  load32(offset: number): number {
    return this.#binding.mmioLoad32(this.buffer, offset);
  }

  /** One 64-bit load, then a load barrier. @throws ERR_OUT_OF_RANGE, ERR_UACCE_UNMAPPED. */
  load64(offset: number): bigint {
    return this.#binding.mmioLoad64(this.buffer, offset);
  }

  /** munmap(2) once and detach `buffer`; later calls do nothing. */
  close(): void {
    const buffer = this.#buffer;
    if (!buffer) return;
    this.#buffer = undefined;
    kLeaked.unregister(this);
    this.#binding.munmap(buffer);
  }
}
