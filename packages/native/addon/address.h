// SPDX-License-Identifier: Apache-2.0
// Virtual addresses of JavaScript memory, for shared virtual addressing (spec §4.4).
#ifndef UACCE_NATIVE_ADDRESS_H_
#define UACCE_NATIVE_ADDRESS_H_

#include <napi.h>

namespace uacce_native {

// addressOf(view) -> bigint: the address of the view's first byte (byteOffset included).
// V8 never moves an ArrayBuffer's backing store, so the address holds while the buffer lives.
Napi::Value AddressOf(const Napi::CallbackInfo& info);

}  // namespace uacce_native

#endif  // UACCE_NATIVE_ADDRESS_H_
