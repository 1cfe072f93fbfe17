// SPDX-License-Identifier: Apache-2.0
// Registration only: which C++ function backs which member of NativeBinding (src/types.ts), and
// the environment cleanup hook. What only the emulator needs is a second addon
// (emulator_addon.cc), so the one every user loads stays small.
#include <napi.h>
#include <sys/mman.h>

#include "address.h"
#include "fd.h"
#include "mmio.h"
#include "poll.h"
#include "region.h"
#include "state.h"

namespace uacce_native {

namespace {

// Environment teardown (process exit, a worker ending): stop watches and unmap mappings so
// nothing outlives the environment. Runs before Node finalizes the wrappers and ArrayBuffers.
void Cleanup(AddonState* state) {
  ReadinessWatch::StopAll(state);
  UnmapAll(state);
  if (state->bounce != nullptr) munmap(state->bounce, state->bounce_length);
  delete state;
}

void Export(Napi::Env env, Napi::Object exports, AddonState* state, const char* name,
            Napi::Function::Callback callback) {
  exports.Set(name, Napi::Function::New(env, callback, name, state));
}

Napi::Object RegisterExports(Napi::Env env, Napi::Object exports) {
  auto* state = new AddonState();
  ReadinessWatch::Initialize(env, state);
  env.AddCleanupHook(Cleanup, state);
  Export(env, exports, state, "open", Open);
  Export(env, exports, state, "close", Close);
  Export(env, exports, state, "ioctl", Ioctl);
  Export(env, exports, state, "mmap", Mmap);
  Export(env, exports, state, "munmap", Munmap);
  Export(env, exports, state, "pageSize", PageSize);
  Export(env, exports, state, "mmioStore64", MmioStore64);
  Export(env, exports, state, "mmioLoad32", MmioLoad32);
  Export(env, exports, state, "mmioLoad64", MmioLoad64);
  Export(env, exports, state, "readBarrier", ReadBarrier);
  Export(env, exports, state, "writeBarrier", WriteBarrier);
  Export(env, exports, state, "addressOf", AddressOf);
  Export(env, exports, state, "watchReadable", ReadinessWatch::WatchReadable);
  return exports;
}

}  // namespace

}  // namespace uacce_native

// NODE_API_MODULE pastes the name into an identifier, so it takes an unqualified function.
static Napi::Object Init(Napi::Env env, Napi::Object exports) {
  return uacce_native::RegisterExports(env, exports);
}

NODE_API_MODULE(uacce_native, Init)
