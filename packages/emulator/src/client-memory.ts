// SPDX-License-Identifier: Apache-2.0
// DMA into a client's address space (shared virtual addressing modelled with
// process_vm_readv/writev). Any failure, including a short transfer, is a DmaFault: the device
// turns it into a completion status, never a crash of either process.
import type { EmulatorBinding } from '@uacce/native/emulator';

/** A device access to client memory that failed (unmapped address, dead process). */
export class DmaFault {
  constructor(
    readonly address: bigint,
    readonly length: number,
    readonly cause?: unknown,
  ) {}
}

/** The memory of one client process, as the device sees it. */
export class ClientMemory {
  constructor(
    private readonly native: EmulatorBinding,
    readonly pid: number,
  ) {}

  /** Reads `length` bytes at `address`; throws DmaFault if any byte cannot be read. */
  read(address: bigint, length: number): Buffer {
    const target = Buffer.allocUnsafe(length);
    if (length === 0) return target;
    this.transfer(address, length, () => this.native.processVmRead(this.pid, address, target));
    return target;
  }

  /** Writes `source` at `address`; throws DmaFault if any byte cannot be written. */
  write(address: bigint, source: Buffer): void {
    if (source.length === 0) return;
    this.transfer(address, source.length, () => this.native.processVmWrite(this.pid, address, source));
  }

  private transfer(address: bigint, length: number, run: () => number): void {
    if (address === 0n || address + BigInt(length) > 0xffff_ffff_ffff_ffffn)
      throw new DmaFault(address, length);
    let done: number;
    try {
      done = run();
    } catch (cause) {
      throw new DmaFault(address, length, cause);
    }
    if (done !== length) throw new DmaFault(address, length);
  }
}
