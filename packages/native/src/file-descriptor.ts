// SPDX-License-Identifier: Apache-2.0
import { loadNative } from './binding';
import type { NativeBinding } from './types';

// Last resort for an owner dropped without close(): close the fd number it held. Only the owner
// ever closes it, so the number cannot have been reused by someone else meanwhile.
const kLeaked = new FinalizationRegistry<{ binding: NativeBinding; fd: number }>(({ binding, fd }) => {
  try {
    binding.close(fd);
  } catch {
    // Nothing to report to: the owner is gone.
  }
});

/** The one owner of an fd opened through the binding; `close()` is idempotent. */
export class FileDescriptor {
  #fd: number;
  readonly #binding: NativeBinding;

  private constructor(binding: NativeBinding, fd: number) {
    this.#binding = binding;
    this.#fd = fd;
    kLeaked.register(this, { binding, fd }, this);
  }

  /**
   * open(2) with O_CLOEXEC.
   * @throws a system error (ENOENT, EACCES, EBUSY, ...) with `path`; NativeLoadError without the addon.
   */
  static open(
    path: string,
    flags: number,
    mode?: number,
    binding: NativeBinding = loadNative(),
  ): FileDescriptor {
    return new FileDescriptor(binding, binding.open(path, flags, mode));
  }

  /** Adopts an fd this process already owns (closing it becomes this object's job). */
  static adopt(fd: number, binding: NativeBinding = loadNative()): FileDescriptor {
    return new FileDescriptor(binding, fd);
  }

  /** The fd number; -1 once closed. */
  get fd(): number {
    return this.#fd;
  }

  get closed(): boolean {
    return this.#fd < 0;
  }

  /** close(2) once; later calls do nothing. @throws a system error if close(2) fails (the fd is released anyway). */
  close(): void {
    const fd = this.#fd;
    if (fd < 0) return;
    this.#fd = -1;
    kLeaked.unregister(this);
    this.#binding.close(fd);
  }
}
