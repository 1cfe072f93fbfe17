// SPDX-License-Identifier: Apache-2.0
// Runs the barrier helpers of addon/barrier.h on the target architecture (under qemu-aarch64 from
// scripts/cross-compile.mjs): the store is one whole little-endian 64-bit word, the load reads
// one 32-bit word, and the barriers execute (an illegal encoding would trap).
#include <cstdint>
#include <cstdio>
#include <cstring>

#include "../../addon/barrier.h"

namespace {

int Check(bool ok, const char* what) {
  if (!ok) std::fprintf(stderr, "barrier_test: %s failed\n", what);
  return ok ? 0 : 1;
}

}  // namespace

int main() {
  alignas(8) static unsigned char region[16] = {};
  uacce_native::StoreBarrier();
  uacce_native::Store64(region + 8, 0x0001000300001005ULL);  // spec §3.3's CQ doorbell example
  const unsigned char expected[8] = {0x05, 0x10, 0x00, 0x00, 0x03, 0x00, 0x01, 0x00};
  int failures = Check(std::memcmp(region + 8, expected, 8) == 0, "Store64 byte order");
  failures += Check(uacce_native::Load32(region + 12) == 0x00010003U, "Load32 of the high word");
  uacce_native::LoadBarrier();
  failures += Check(uacce_native::Load64(region + 8) == 0x0001000300001005ULL, "Load64 of the whole word");
  failures += Check(uacce_native::Load32(region) == 0, "Load32 of untouched memory");
  if (failures == 0) std::puts("barrier_test: ok");
  return failures;
}
