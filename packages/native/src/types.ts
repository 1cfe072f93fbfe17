// SPDX-License-Identifier: Apache-2.0
// The typed surface of the addon. Arguments are numbers, strings, Buffers and ArrayBuffers; no
// option bags and no JS callbacks on the hot path.
// Every failing call throws a Node-style system error: an Error with `code` (e.g. 'ENOENT'),
// `errno` (negative, as Node's), `syscall` and, where there is one, `path`.

/** An fd readiness watch on the libuv loop (uv_poll); `stop()` is idempotent. */
export interface ReadinessWatch {
  stop(): void;
  /** Lets the process exit while the watch is active (like `socket.unref()`); returns the watch. */
  unref?(): ReadinessWatch;
  /** Undoes `unref()`; returns the watch. */
  ref?(): ReadinessWatch;
  /** False once stopped (by `stop()`, an fd error, or environment teardown). */
  readonly active?: boolean;
}

export interface NativeBinding {
  /** open(2) with O_CLOEXEC always added; returns the fd. `mode` (default 0o666) applies with O_CREAT. */
  open(path: string, flags: number, mode?: number): number;
  /** close(2); closing an fd twice is EBADF. */
  close(fd: number): void;
  /** ioctl(2). With `arg`, its bytes are passed by pointer and read back into it; returns the result. */
  ioctl(fd: number, request: number, arg?: Buffer | ArrayBufferView | number): number;
  /** mmap(2) MAP_SHARED, PROT_READ|PROT_WRITE; the ArrayBuffer is backed by the mapping. */
  mmap(fd: number, length: number, offset: number): ArrayBuffer;
  /** munmap(2) and detach the ArrayBuffer; unmapping twice throws ERR_UACCE_UNMAPPED. */
  munmap(mapping: ArrayBuffer): void;
  /** Store barrier, then one 64-bit store at `offset` of a mapping (spec §3.5). */
  mmioStore64(mapping: ArrayBuffer, offset: number, value: bigint): void;
  /** One 32-bit load at `offset` of a mapping, followed by a load barrier (spec §3.5). */
  mmioLoad32(mapping: ArrayBuffer, offset: number): number;
  /** One 64-bit load at `offset` of a mapping (a doorbell register read whole), then a load barrier. */
  mmioLoad64(mapping: ArrayBuffer, offset: number): bigint;
  /** Store barrier: orders earlier stores before later ones (the emulator's CQE body before its phase). */
  writeBarrier(): void;
  /** Load barrier: orders a CQE phase read before the reads of sq_head and the SQE (spec §3.5). */
  readBarrier(): void;
  /** The virtual address of the first byte of a Buffer/TypedArray/ArrayBuffer (SVA). */
  addressOf(buffer: ArrayBufferView | ArrayBuffer): bigint;
  /**
   * Watch `fd` for POLLIN on the event loop; `callback` runs on the loop, never on a thread.
   * If the fd breaks, the watch stops and `callback` gets the system error (syscall 'uv_poll').
   */
  watchReadable(fd: number, callback: (error?: Error) => void): ReadinessWatch;
  /** The system page size. */
  pageSize(): number;
}

/**
 * The second addon (`uacce_native_emulator.node`, loaded through `@uacce/native/emulator`): the
 * calls only the emulator and its test clients make, kept out of the addon every user loads.
 */
export interface EmulatorNative {
  /** process_vm_readv from `pid` at `address` into `target`; returns bytes read. */
  processVmRead(pid: number, address: bigint, target: Buffer): number;
  /** process_vm_writev from `source` into `pid` at `address`; returns bytes written. */
  processVmWrite(pid: number, address: bigint, source: Buffer): number;
  /** prctl(PR_SET_PTRACER, pid): lets `pid` (the emulator) reach this process under Yama; -1 = any, 0 = none. EINVAL without Yama. */
  setPtracer(pid: number): void;
  /** The peer's pid of a connected UNIX socket fd (SO_PEERCRED). */
  peerPid(fd: number): number;
}

/** Both addons together, as the emulator uses them. */
export type EmulatorBinding = NativeBinding & EmulatorNative;
