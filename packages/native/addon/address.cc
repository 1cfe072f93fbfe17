// SPDX-License-Identifier: Apache-2.0
#include "address.h"

#include <cstdint>

#include "arguments.h"

namespace uacce_native {

Napi::Value AddressOf(const Napi::CallbackInfo& info) {
  ByteSpan span = BytesArgument(info, 0, "buffer");
  return Napi::BigInt::New(info.Env(), static_cast<uint64_t>(reinterpret_cast<uintptr_t>(span.data)));
}

}  // namespace uacce_native
