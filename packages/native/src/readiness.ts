// SPDX-License-Identifier: Apache-2.0
import { loadNative } from './binding';
import type { NativeBinding, ReadinessWatch } from './types';

// Last resort: an owner dropped without stop() stops its watch. The native watch keeps itself
// alive while active (like a socket), so without this it would outlive a forgotten owner.
const kLeaked = new FinalizationRegistry<ReadinessWatch>((watch) => watch.stop());

/**
 * The one owner of a readiness watch: `callback` runs on the event loop each time `fd` polls
 * readable, until `stop()`. The callback must not capture this object, or it can never be
 * collected (stop() it instead, as every owner should).
 */
export class Readiness {
  #watch: ReadinessWatch | undefined;

  private constructor(watch: ReadinessWatch) {
    this.#watch = watch;
    kLeaked.register(this, watch, this);
  }

  /**
   * Starts watching `fd` for POLLIN. If the fd breaks, the watch stops and `callback` gets the
   * system error. @throws a system error (EBADF; EPERM for a regular file, which epoll refuses).
   */
  static watch(
    fd: number,
    callback: (error?: Error) => void,
    binding: NativeBinding = loadNative(),
  ): Readiness {
    return new Readiness(binding.watchReadable(fd, callback));
  }

  /** False after stop() or after an fd error stopped the watch. */
  get active(): boolean {
    return this.#watch?.active ?? false;
  }

  /** Lets the process exit while watching (like `socket.unref()`). */
  unref(): this {
    this.#watch?.unref?.();
    return this;
  }

  /** Undoes unref(). */
  ref(): this {
    this.#watch?.ref?.();
    return this;
  }

  /** Stops watching; idempotent. */
  stop(): void {
    const watch = this.#watch;
    if (!watch) return;
    this.#watch = undefined;
    kLeaked.unregister(this);
    watch.stop();
  }
}
