// SPDX-License-Identifier: Apache-2.0
// The memory-ordering primitives of the queue protocol (spec §3.5), free of Node so a plain
// test program can use them too.
//
// arm64 (the target) uses what UADK runs on the hardware (include/wd.h): its doorbell write
// wd_iowrite64 issues wmb() = `dsb st` before the store, and hisi_qm_send adds an mb() =
// `dsb sy` (spec §3.5); we issue the stronger `dsb sy`. Reads use rmb() = `dsb ld` after the
// load, as wd_ioread32 does. All are at least the kernel's minimum (`dmb oshst` in writeq's
// __iowmb, `dmb oshld` in dma_rmb), so the SQEs in normal memory are visible to the device
// before it sees the doorbell in the Device-nGnRE MMIO page.
// x86-64 orders stores with stores and loads with loads already (TSO, and the MMIO page is
// uncached); the fences are there so no compiler or write-combining buffer reorders either.
// Anything else gets a full __sync_synchronize, as UADK's fallback does.
#ifndef UACCE_NATIVE_BARRIER_H_
#define UACCE_NATIVE_BARRIER_H_

#include <cstdint>

namespace uacce_native {

// Orders every earlier store (the SQEs) before the next store (the doorbell).
inline void StoreBarrier() {
#if defined(__aarch64__)
  __asm__ __volatile__("dsb sy" ::: "memory");
#elif defined(__x86_64__)
  __asm__ __volatile__("sfence" ::: "memory");
#else
  __sync_synchronize();
#endif
}

// Orders an earlier load (a CQE phase or status word) before every later load (sq_head, the SQE).
inline void LoadBarrier() {
#if defined(__aarch64__)
  __asm__ __volatile__("dsb ld" ::: "memory");
#elif defined(__x86_64__)
  __asm__ __volatile__("lfence" ::: "memory");
#else
  __sync_synchronize();
#endif
}

// Exactly one 64-bit store: the device sees the doorbell word whole, never as two halves.
inline void Store64(volatile void* address, uint64_t value) {
#if defined(__aarch64__)
  __asm__ __volatile__("str %x0, [%1]" : : "rZ"(value), "r"(address) : "memory");
#else
  *static_cast<volatile uint64_t*>(address) = value;
#endif
}

// Exactly one 32-bit load.
inline uint32_t Load32(const volatile void* address) {
#if defined(__aarch64__)
  uint32_t value;
  __asm__ __volatile__("ldr %w0, [%1]" : "=r"(value) : "r"(address) : "memory");
  return value;
#else
  return *static_cast<const volatile uint32_t*>(address);
#endif
}

// Exactly one 64-bit load.
inline uint64_t Load64(const volatile void* address) {
#if defined(__aarch64__)
  uint64_t value;
  __asm__ __volatile__("ldr %x0, [%1]" : "=r"(value) : "r"(address) : "memory");
  return value;
#else
  return *static_cast<const volatile uint64_t*>(address);
#endif
}

}  // namespace uacce_native

#endif  // UACCE_NATIVE_BARRIER_H_
