// SPDX-License-Identifier: Apache-2.0
// The second, small addon (uacce_native_emulator.node): the calls only the emulator and its test
// clients make (reaching a client's memory, letting the emulator in under Yama, who is on the
// other end of a socket). Registration only; see EmulatorNative in src/types.ts.
#include <napi.h>

#include "process_vm.h"

namespace uacce_native {

namespace {

Napi::Object RegisterEmulatorExports(Napi::Env env, Napi::Object exports) {
  exports.Set("processVmRead", Napi::Function::New(env, ProcessVmRead, "processVmRead"));
  exports.Set("processVmWrite", Napi::Function::New(env, ProcessVmWrite, "processVmWrite"));
  exports.Set("setPtracer", Napi::Function::New(env, SetPtracer, "setPtracer"));
  exports.Set("peerPid", Napi::Function::New(env, PeerPid, "peerPid"));
  return exports;
}

}  // namespace

}  // namespace uacce_native

// NODE_API_MODULE pastes the name into an identifier, so it takes an unqualified function.
static Napi::Object InitEmulator(Napi::Env env, Napi::Object exports) {
  return uacce_native::RegisterEmulatorExports(env, exports);
}

NODE_API_MODULE(uacce_native_emulator, InitEmulator)
