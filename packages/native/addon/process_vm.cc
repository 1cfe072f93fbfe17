// SPDX-License-Identifier: Apache-2.0
#include "process_vm.h"

#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include <cerrno>

#include "arguments.h"
#include "errno.h"

#ifndef PR_SET_PTRACER
#define PR_SET_PTRACER 0x59616d61  // "Yama"; older libc headers lack it
#endif

namespace uacce_native {

namespace {

// Both directions: one local and one remote iovec of the same length. The kernel validates the
// remote range itself, so a bad address is EFAULT, never a fault in this process.
Napi::Value Transfer(const Napi::CallbackInfo& info, bool write) {
  auto pid = static_cast<pid_t>(IntegerArgument(info, 0, "pid", 1, INT32_MAX));
  uint64_t address = AddressArgument(info, 1, "address");
  ByteSpan span = BytesArgument(info, 2, write ? "source" : "target");
  if (span.length == 0) return Napi::Number::New(info.Env(), 0);
  iovec local{span.data, span.length};
  iovec remote{reinterpret_cast<void*>(static_cast<uintptr_t>(address)), span.length};
  ssize_t done = write ? process_vm_writev(pid, &local, 1, &remote, 1, 0)
                       : process_vm_readv(pid, &local, 1, &remote, 1, 0);
  if (done < 0) throw SystemError(info.Env(), errno, write ? "process_vm_writev" : "process_vm_readv");
  return Napi::Number::New(info.Env(), static_cast<double>(done));
}

}  // namespace

Napi::Value ProcessVmRead(const Napi::CallbackInfo& info) {
  return Transfer(info, false);
}

Napi::Value ProcessVmWrite(const Napi::CallbackInfo& info) {
  return Transfer(info, true);
}

Napi::Value SetPtracer(const Napi::CallbackInfo& info) {
  auto pid = IntegerArgument(info, 0, "pid", -1, INT32_MAX);
  // PR_SET_PTRACER_ANY is (unsigned long)-1.
  auto argument = pid < 0 ? static_cast<unsigned long>(-1) : static_cast<unsigned long>(pid);
  if (prctl(PR_SET_PTRACER, argument, 0, 0, 0) < 0) throw SystemError(info.Env(), errno, "prctl");
  return info.Env().Undefined();
}

Napi::Value PeerPid(const Napi::CallbackInfo& info) {
  int fd = FdArgument(info, 0);
  ucred credentials{};
  socklen_t size = sizeof(credentials);
  if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &credentials, &size) < 0) {
    throw SystemError(info.Env(), errno, "getsockopt");
  }
  return Napi::Number::New(info.Env(), credentials.pid);
}

}  // namespace uacce_native
