// SPDX-License-Identifier: Apache-2.0
// The 16-byte completion queue entry (spec §3.4), decoded and written independently of @uacce/abi.

export interface Cqe {
  cmdId: number;
  sqHead: number;
  sqNum: number;
  phase: number;
}

/** Decodes the CQE at `offset` of `bytes`. */
export function decodeCqe(bytes: Buffer, offset = 0): Cqe {
  return {
    cmdId: bytes.readUInt16LE(offset + 4),
    sqHead: bytes.readUInt16LE(offset + 8),
    sqNum: bytes.readUInt16LE(offset + 10),
    phase: bytes.readUInt16LE(offset + 14) & 1,
  };
}

/**
 * Writes a CQE so that the consumer can never see the new phase before the body: the body words
 * go first with plain stores, then w7 (which holds the phase) with one atomic store. Atomics are
 * sequentially consistent in V8, so the body and the SQE write-back before it are ordered before
 * the phase (spec §3.4 inference "phase written last").
 */
export function writeCqe(bytes: Buffer, offset: number, sqHead: number, sqNum: number, phase: number): void {
  bytes.writeUInt32LE(0, offset);
  bytes.writeUInt16LE(0, offset + 4);
  bytes.writeUInt16LE(0, offset + 6);
  bytes.writeUInt16LE(sqHead, offset + 8);
  bytes.writeUInt16LE(sqNum, offset + 10);
  bytes.writeUInt16LE(0, offset + 12);
  const words = new Uint16Array(bytes.buffer, bytes.byteOffset + offset + 14, 1);
  Atomics.store(words, 0, phase & 1);
}
