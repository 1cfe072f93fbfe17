// SPDX-License-Identifier: Apache-2.0
// Checks on what JavaScript passes in. The TypeScript wrappers validate first; these checks exist
// because the binding is also reachable directly and must never turn bad input into a crash.
#ifndef UACCE_NATIVE_ARGUMENTS_H_
#define UACCE_NATIVE_ARGUMENTS_H_

#include <napi.h>

#include <cstddef>
#include <cstdint>

namespace uacce_native {

// Bytes of an ArrayBuffer, TypedArray (Buffer) or DataView, byteOffset already applied.
struct ByteSpan {
  uint8_t* data;
  size_t length;
};

// Number.MAX_SAFE_INTEGER: the largest integer a Number holds exactly.
constexpr int64_t kMaxSafeInteger = 9007199254740991;

// An integral Number within [min, max], else ERR_INVALID_ARG_TYPE / ERR_OUT_OF_RANGE.
int64_t IntegerArgument(const Napi::CallbackInfo& info, size_t index, const char* name,
                        int64_t min, int64_t max);

// A file descriptor: an integer in [0, INT32_MAX].
int FdArgument(const Napi::CallbackInfo& info, size_t index);

// A BigInt in [0, 2^64); user-space addresses are unsigned.
uint64_t AddressArgument(const Napi::CallbackInfo& info, size_t index, const char* name);

// True and fills `span` when `value` is an ArrayBuffer or ArrayBufferView.
bool GetByteSpan(Napi::Value value, ByteSpan* span);

// Like GetByteSpan, but throws ERR_INVALID_ARG_TYPE when the argument has no bytes.
ByteSpan BytesArgument(const Napi::CallbackInfo& info, size_t index, const char* name);

}  // namespace uacce_native

#endif  // UACCE_NATIVE_ARGUMENTS_H_
