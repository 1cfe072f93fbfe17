// SPDX-License-Identifier: Apache-2.0
// Per-environment state: the live mappings and readiness watches of one Node environment (the
// main thread or a worker), so that environment teardown can release them (better-sqlite3's
// Addon::Cleanup) and so that a mapping can be recognised from its ArrayBuffer.
#ifndef UACCE_NATIVE_STATE_H_
#define UACCE_NATIVE_STATE_H_

#include <napi.h>

#include <cstdint>
#include <unordered_map>
#include <unordered_set>

namespace uacce_native {

struct AddonState;
class ReadinessWatch;

// One mmap(2). Owned by the finalizer of its ArrayBuffer, which deletes it; `state` is null once
// the environment has been torn down.
struct MappingRecord {
  void* address;
  size_t length;
  bool mapped;
  AddonState* state;
  bool adopted = false;  // the ArrayBuffer exists: from now on its finalizer owns the record
};

struct AddonState {
  std::unordered_map<uintptr_t, MappingRecord*> mappings;  // live mappings, by address
  std::unordered_set<ReadinessWatch*> watches;             // active watches
  Napi::FunctionReference watch_constructor;
  // ioctl's bounce page and its guard page (fd.cc), mapped at the first legacy request.
  void* bounce = nullptr;
  size_t bounce_length = 0;
};

// Gets the state passed as the data of every exported function.
inline AddonState* StateOf(const Napi::CallbackInfo& info) {
  return static_cast<AddonState*>(info.Data());
}

}  // namespace uacce_native

#endif  // UACCE_NATIVE_STATE_H_
