// SPDX-License-Identifier: Apache-2.0
// The transport boundary (docs/design.md): the queue engine reaches a device only through the
// operations of the uacce character device. Everything above this interface is the same code
// for the kernel (real syscalls) and the emulator (the socket protocol of docs/contracts.md).
import type { UacceDeviceError } from '@uacce/abi';

/** Stops a readiness watch; idempotent. */
export interface ReadinessWatch {
  stop(): void;
}

/** One open file of `/dev/<name>`: one hardware queue (spec §2.1). */
export interface QueueFile {
  /** The device this file was opened on. */
  readonly device: string;
  /** ioctl(2); `arg` is passed by pointer and the struct after the call is read back into it. */
  ioctl(request: number, arg?: Uint8Array): Promise<number>;
  /** Maps region `qfrt` (spec §2.3: file offset qfrt·PAGE_SIZE) of exactly `length` bytes. */
  mmap(qfrt: number, length: number): Promise<ArrayBuffer>;
  /** Unmaps a region mapped by `mmap`. */
  munmap(qfrt: number, mapping: ArrayBuffer): Promise<void>;
  /** One 64-bit store into a mapping, ordered after every earlier store (spec §3.5, doorbells). */
  store64(mapping: ArrayBuffer, offset: number, value: bigint): void;
  /** One 32-bit load from a mapping followed by a load barrier (spec §3.5, status words). */
  load32(mapping: ArrayBuffer, offset: number): number;
  /** Calls `listener` on the event loop whenever the queue may hold new completions (spec §2.5). */
  watchReadable(listener: () => void): ReadinessWatch;
  /**
   * Calls `listener` once if the device is removed under this file, or (emulator) the connection
   * to the device is lost; `error` is ERR_UACCE_TRANSPORT in the latter case. After that the
   * mappings must not be touched (the kernel zaps them: access is SIGBUS, spec §2.7).
   */
  onRemoved(listener: (error?: UacceDeviceError) => void): void;
  /** Closes the file (release: the queue goes back to the device). Idempotent. */
  close(): Promise<void>;
  /** Best-effort synchronous release for finalizers and process teardown. Idempotent. */
  dispose(): void;
}

/** How the engine opens queue files of a device. */
export interface Transport {
  readonly kind: TransportKind;
  /** open(2) of `/dev/<device>` O_RDWR (spec §2.2). Throws UacceSystemError with the errno. */
  open(device: string): Promise<QueueFile>;
}

export type TransportKind = 'kernel' | 'emulator';
