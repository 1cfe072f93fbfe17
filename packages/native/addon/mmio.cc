// SPDX-License-Identifier: Apache-2.0
#include "mmio.h"

#include <string>

#include "arguments.h"
#include "barrier.h"
#include "errno.h"
#include "region.h"

namespace uacce_native {

namespace {

// The address of `width` bytes at argument 1 of the mapping at argument 0. Naturally aligned
// accesses only: an unaligned access to Device memory faults on arm64.
uint8_t* RegisterAddress(const Napi::CallbackInfo& info, size_t width) {
  MappingRecord* record = MappingArgument(info, 0);
  const int64_t limit = static_cast<int64_t>(record->length) - static_cast<int64_t>(width);
  int64_t offset = IntegerArgument(info, 1, "offset", 0, limit < 0 ? 0 : limit);
  if (limit < 0 || offset % static_cast<int64_t>(width) != 0) {
    std::string expected = "a multiple of " + std::to_string(width) + " within the mapping";
    throw OutOfRangeError(info.Env(), "offset", expected.c_str());
  }
  return static_cast<uint8_t*>(record->address) + offset;
}

}  // namespace

Napi::Value MmioStore64(const Napi::CallbackInfo& info) {
  uint8_t* address = RegisterAddress(info, 8);
  if (!info[2].IsBigInt()) throw ArgumentTypeError(info.Env(), "value", "of type bigint");
  bool lossless = false;
  uint64_t value = info[2].As<Napi::BigInt>().Uint64Value(&lossless);
  if (!lossless) throw OutOfRangeError(info.Env(), "value", ">= 0n and < 2n ** 64n");
  // Orders the SQE writes (and anything else stored before this call) before the doorbell.
  StoreBarrier();
  Store64(address, value);
  return info.Env().Undefined();
}

Napi::Value MmioLoad32(const Napi::CallbackInfo& info) {
  uint8_t* address = RegisterAddress(info, 4);
  uint32_t value = Load32(address);
  // Orders this status read before every read the caller makes because of its value.
  LoadBarrier();
  return Napi::Number::New(info.Env(), value);
}

Napi::Value MmioLoad64(const Napi::CallbackInfo& info) {
  uint8_t* address = RegisterAddress(info, 8);
  // One load: two 32-bit halves could mix an old and a new doorbell value.
  uint64_t value = Load64(address);
  LoadBarrier();
  return Napi::BigInt::New(info.Env(), value);
}

Napi::Value WriteBarrier(const Napi::CallbackInfo& info) {
  StoreBarrier();
  return info.Env().Undefined();
}

Napi::Value ReadBarrier(const Napi::CallbackInfo& info) {
  LoadBarrier();
  return info.Env().Undefined();
}

}  // namespace uacce_native
