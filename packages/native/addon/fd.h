// SPDX-License-Identifier: Apache-2.0
// File descriptors: open(2), close(2), ioctl(2).
#ifndef UACCE_NATIVE_FD_H_
#define UACCE_NATIVE_FD_H_

#include <napi.h>

namespace uacce_native {

// open(path, flags[, mode]) -> fd. O_CLOEXEC is always added: no queue fd leaks into children.
Napi::Value Open(const Napi::CallbackInfo& info);
// close(fd). EINTR counts as closed (Linux releases the fd before reporting it).
Napi::Value Close(const Napi::CallbackInfo& info);
// ioctl(fd, request[, arg]) -> result. A byte argument is passed by pointer and so read back.
Napi::Value Ioctl(const Napi::CallbackInfo& info);

}  // namespace uacce_native

#endif  // UACCE_NATIVE_FD_H_
