// SPDX-License-Identifier: Apache-2.0
#include "arguments.h"

#include <cmath>
#include <string>

#include "errno.h"

namespace uacce_native {

int64_t IntegerArgument(const Napi::CallbackInfo& info, size_t index, const char* name,
                        int64_t min, int64_t max) {
  Napi::Value value = info[index];
  if (!value.IsNumber()) throw ArgumentTypeError(info.Env(), name, "of type number");
  double number = value.As<Napi::Number>().DoubleValue();
  if (!std::isfinite(number) || std::trunc(number) != number ||
      number < static_cast<double>(min) || number > static_cast<double>(max)) {
    std::string range = "an integer >= " + std::to_string(min) + " and <= " + std::to_string(max);
    throw OutOfRangeError(info.Env(), name, range.c_str());
  }
  return static_cast<int64_t>(number);
}

int FdArgument(const Napi::CallbackInfo& info, size_t index) {
  return static_cast<int>(IntegerArgument(info, index, "fd", 0, INT32_MAX));
}

uint64_t AddressArgument(const Napi::CallbackInfo& info, size_t index, const char* name) {
  Napi::Value value = info[index];
  if (!value.IsBigInt()) throw ArgumentTypeError(info.Env(), name, "of type bigint");
  bool lossless = false;
  uint64_t address = value.As<Napi::BigInt>().Uint64Value(&lossless);
  if (!lossless) throw OutOfRangeError(info.Env(), name, ">= 0n and < 2n ** 64n");
  return address;
}

bool GetByteSpan(Napi::Value value, ByteSpan* span) {
  if (value.IsArrayBuffer()) {
    Napi::ArrayBuffer buffer = value.As<Napi::ArrayBuffer>();
    span->data = static_cast<uint8_t*>(buffer.Data());
    span->length = buffer.ByteLength();
    return true;
  }
  // Asking V8 for a typed array's data moves on-heap storage off the heap, so the pointer stays
  // valid (and the address stable) for as long as the view's buffer is alive.
  if (value.IsTypedArray()) {
    Napi::TypedArray array = value.As<Napi::TypedArray>();
    Napi::ArrayBuffer buffer = array.ArrayBuffer();
    uint8_t* base = static_cast<uint8_t*>(buffer.Data());
    span->data = base == nullptr ? nullptr : base + array.ByteOffset();
    span->length = array.ByteLength();
    return true;
  }
  if (value.IsDataView()) {
    Napi::DataView view = value.As<Napi::DataView>();
    span->data = static_cast<uint8_t*>(view.Data());
    span->length = view.ByteLength();
    return true;
  }
  return false;
}

ByteSpan BytesArgument(const Napi::CallbackInfo& info, size_t index, const char* name) {
  ByteSpan span{nullptr, 0};
  if (!GetByteSpan(info[index], &span)) {
    throw ArgumentTypeError(info.Env(), name, "an instance of Buffer, TypedArray, DataView or ArrayBuffer");
  }
  return span;
}

}  // namespace uacce_native
