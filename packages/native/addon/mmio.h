// SPDX-License-Identifier: Apache-2.0
// MMIO helpers for doorbells and status words, bounds-checked against their mapping.
#ifndef UACCE_NATIVE_MMIO_H_
#define UACCE_NATIVE_MMIO_H_

#include <napi.h>

namespace uacce_native {

// mmioStore64(mapping, offset, value): store barrier, then one 64-bit store (spec §3.5).
Napi::Value MmioStore64(const Napi::CallbackInfo& info);
// mmioLoad32(mapping, offset) -> number: one 32-bit load, then a load barrier.
Napi::Value MmioLoad32(const Napi::CallbackInfo& info);
// mmioLoad64(mapping, offset) -> bigint: one 64-bit load (a doorbell read whole), then a load barrier.
Napi::Value MmioLoad64(const Napi::CallbackInfo& info);
// writeBarrier(): the store barrier alone (a producer's body-before-flag order, e.g. CQE then phase).
Napi::Value WriteBarrier(const Napi::CallbackInfo& info);
// readBarrier(): the load barrier alone (after a CQE phase read, spec §3.4 step 3).
Napi::Value ReadBarrier(const Napi::CallbackInfo& info);

}  // namespace uacce_native

#endif  // UACCE_NATIVE_MMIO_H_
