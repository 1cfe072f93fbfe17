// SPDX-License-Identifier: Apache-2.0
#include "region.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>

#include "arguments.h"
#include "errno.h"

namespace uacce_native {

namespace {

void Forget(MappingRecord* record) {
  if (record->state == nullptr) return;
  auto& mappings = record->state->mappings;
  auto found = mappings.find(reinterpret_cast<uintptr_t>(record->address));
  if (found != mappings.end() && found->second == record) mappings.erase(found);
}

// Runs on the JS thread once the ArrayBuffer is collected (or detached and dropped). Node also
// runs it inside napi_create_external_arraybuffer when that fails (a length V8 refuses): then
// the record is not yet adopted and Mmap's error path, not this, releases it, exactly once.
void FinalizeMapping(napi_env /*env*/, void* /*data*/, void* hint) {
  auto* record = static_cast<MappingRecord*>(hint);
  if (!record->adopted) return;
  if (record->mapped) {
    munmap(record->address, record->length);
    record->mapped = false;
    Forget(record);
  }
  delete record;
}

}  // namespace

Napi::Value Mmap(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = FdArgument(info, 0);
  auto length = static_cast<size_t>(IntegerArgument(info, 1, "length", 1, kMaxSafeInteger));
  auto offset = static_cast<off_t>(IntegerArgument(info, 2, "offset", 0, kMaxSafeInteger));
  void* address = mmap(nullptr, length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, offset);
  if (address == MAP_FAILED) throw SystemError(env, errno, "mmap");

  AddonState* state = StateOf(info);
  auto* record = new MappingRecord{address, length, true, state};
  napi_value buffer = nullptr;
  napi_status status = napi_create_external_arraybuffer(env, address, length, FinalizeMapping, record, &buffer);
  if (status != napi_ok || buffer == nullptr) {
    munmap(address, length);
    delete record;
    bool pending = false;
    napi_is_exception_pending(env, &pending);
    if (pending) throw Napi::Error::New(env);  // takes the pending exception
    throw OutOfRangeError(env, "length", "at most the largest ArrayBuffer this Node.js can create");
  }
  record->adopted = true;
  state->mappings[reinterpret_cast<uintptr_t>(address)] = record;
  return Napi::Value(env, buffer);
}

MappingRecord* MappingArgument(const Napi::CallbackInfo& info, size_t index) {
  Napi::Env env = info.Env();
  if (!info[index].IsArrayBuffer()) throw ArgumentTypeError(env, "mapping", "an ArrayBuffer returned by mmap");
  Napi::ArrayBuffer buffer = info[index].As<Napi::ArrayBuffer>();
  if (buffer.IsDetached() || buffer.Data() == nullptr) {
    throw CodedError(env, "ERR_UACCE_UNMAPPED", "The mapping has been unmapped");
  }
  auto& mappings = StateOf(info)->mappings;
  auto found = mappings.find(reinterpret_cast<uintptr_t>(buffer.Data()));
  if (found == mappings.end() || found->second->length != buffer.ByteLength()) {
    throw CodedError(env, "ERR_INVALID_ARG_VALUE", "The \"mapping\" argument was not returned by mmap");
  }
  return found->second;
}

Napi::Value Munmap(const Napi::CallbackInfo& info) {
  MappingRecord* record = MappingArgument(info, 0);
  if (munmap(record->address, record->length) < 0) throw SystemError(info.Env(), errno, "munmap");
  record->mapped = false;
  Forget(record);
  // Detaching makes every view zero-length: JavaScript can no longer reach the unmapped pages.
  info[0].As<Napi::ArrayBuffer>().Detach();
  return info.Env().Undefined();
}

Napi::Value PageSize(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(sysconf(_SC_PAGESIZE)));
}

void UnmapAll(AddonState* state) {
  for (auto& entry : state->mappings) {
    MappingRecord* record = entry.second;
    munmap(record->address, record->length);
    record->mapped = false;
    record->state = nullptr;  // the finalizer, if it ever runs, only frees the record
  }
  state->mappings.clear();
}

}  // namespace uacce_native
