// SPDX-License-Identifier: Apache-2.0
// A queue region (MMIO or DUS) as a shared-memory file: created owner-only at its full size
// (zero-filled, which zeroes the CQ and the status words, spec §2.2), mapped by the emulator
// with the same native mmap the client uses.
import { closeSync, fchmodSync, ftruncateSync, openSync, rmSync, truncateSync, unlinkSync } from 'node:fs';
import { UacceDeviceError } from '@uacce/abi';
import type { NativeBinding } from '@uacce/native';

export class Region {
  /** The emulator's own view; null once released (never touched again after that). */
  private mapping: ArrayBuffer | null;
  readonly bytes: Buffer;

  private constructor(
    private readonly native: NativeBinding,
    readonly path: string,
    readonly size: number,
    mapping: ArrayBuffer,
  ) {
    this.mapping = mapping;
    this.bytes = Buffer.from(mapping);
  }

  /** Creates the file (mode 0600, `size` zero bytes) and maps it. */
  static create(native: NativeBinding, path: string, size: number): Region {
    // O_EXCL: the file is ours alone from birth, with mode 0600 whatever was there before.
    rmSync(path, { force: true });
    const fd = openSync(path, 'wx+', 0o600);
    try {
      // Exactly 0600 whatever the umask (which could only have narrowed it).
      fchmodSync(fd, 0o600);
      ftruncateSync(fd, size);
      return new Region(native, path, size, native.mmap(fd, size, 0));
    } finally {
      closeSync(fd);
    }
  }

  get live(): boolean {
    return this.mapping !== null;
  }

  /** The backing ArrayBuffer for typed views (Atomics on the doorbell and phase words). */
  get arrayBuffer(): ArrayBuffer {
    if (!this.mapping) throw new UacceDeviceError('ERR_UACCE_QUEUE_CLOSED', `region ${this.path} released`);
    return this.mapping;
  }

  /** Unmaps the emulator's view; idempotent. */
  unmap(): void {
    if (!this.mapping) return;
    const mapping = this.mapping;
    this.mapping = null;
    this.native.munmap(mapping);
  }

  /**
   * Device removal: unmap our view first (we must never fault on it), then truncate the file so
   * any client access to its mapping raises SIGBUS, as after the kernel zaps the mappings.
   */
  zap(): void {
    this.unmap();
    try {
      truncateSync(this.path, 0);
    } catch {
      // Already gone: nothing left to zap.
    }
  }

  /** Releases the region: unmap and unlink (a client mapping keeps its pages until it unmaps). */
  release(): void {
    this.unmap();
    try {
      unlinkSync(this.path);
    } catch {
      // Already removed with the directory.
    }
  }
}
