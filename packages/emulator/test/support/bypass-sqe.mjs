// SPDX-License-Identifier: Apache-2.0
// A stateless type-3 SQE the device completes without touching data (dest_avail_out 0 < 0x10,
// spec §7): the doorbell tests' request. The caller writes a distinct tag into DW26 each time;
// `scratch` must stay alive as long as the SQE is in use (its address is in DW18-21).
export function bypassSqe(native) {
  const scratch = Buffer.alloc(16);
  const sqe = Buffer.alloc(128);
  sqe.writeUInt32LE(((1 << 25) | (1 << 27) | (3 << 28)) >>> 0, 7 * 4);
  sqe.writeUInt32LE(1 | (4 << 12), 9 * 4);
  sqe.writeBigUInt64LE(native.addressOf(scratch), 18 * 4);
  sqe.writeBigUInt64LE(native.addressOf(scratch), 20 * 4);
  return { sqe, scratch };
}
