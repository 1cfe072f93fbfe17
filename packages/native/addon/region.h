// SPDX-License-Identifier: Apache-2.0
// Mappings: mmap(2) as an ArrayBuffer backed by the mapped pages, munmap(2) that detaches it.
//
// Invariants: an ArrayBuffer returned by Mmap is either attached and mapped, or detached and
// unmapped, never attached to unmapped pages. The record of a mapping lives until the
// ArrayBuffer's finalizer runs, which also unmaps what nobody unmapped.
#ifndef UACCE_NATIVE_REGION_H_
#define UACCE_NATIVE_REGION_H_

#include <napi.h>

#include "state.h"

namespace uacce_native {

// mmap(fd, length, offset) -> ArrayBuffer, MAP_SHARED with PROT_READ|PROT_WRITE.
Napi::Value Mmap(const Napi::CallbackInfo& info);
// munmap(mapping): unmaps and detaches; a second call throws ERR_UACCE_UNMAPPED.
Napi::Value Munmap(const Napi::CallbackInfo& info);
// pageSize() -> sysconf(_SC_PAGESIZE).
Napi::Value PageSize(const Napi::CallbackInfo& info);

// The live mapping behind argument `index`, else throws ERR_UACCE_UNMAPPED (detached or
// unmapped) or ERR_INVALID_ARG_VALUE (an ArrayBuffer that mmap did not return).
MappingRecord* MappingArgument(const Napi::CallbackInfo& info, size_t index);

// Environment teardown: unmaps every live mapping (no JavaScript runs any more).
void UnmapAll(AddonState* state);

}  // namespace uacce_native

#endif  // UACCE_NATIVE_REGION_H_
