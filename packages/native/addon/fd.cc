// SPDX-License-Identifier: Apache-2.0
#include "fd.h"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "arguments.h"
#include "errno.h"

namespace uacce_native {

Napi::Value Open(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsString()) throw ArgumentTypeError(env, "path", "of type string");
  std::string path = info[0].As<Napi::String>().Utf8Value();
  if (path.find('\0') != std::string::npos) {
    throw CodedError(env, "ERR_INVALID_ARG_VALUE", "The \"path\" argument must not contain null bytes");
  }
  int flags = static_cast<int>(IntegerArgument(info, 1, "flags", INT32_MIN, INT32_MAX));
  int mode = 0666;  // like node:fs; the umask applies
  if (!info[2].IsUndefined()) mode = static_cast<int>(IntegerArgument(info, 2, "mode", 0, 07777));
  int fd;
  do {
    fd = open(path.c_str(), flags | O_CLOEXEC, mode);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) throw SystemError(env, errno, "open", path.c_str());
  return Napi::Number::New(env, fd);
}

Napi::Value Close(const Napi::CallbackInfo& info) {
  int fd = FdArgument(info, 0);
  if (close(fd) < 0 && errno != EINTR) throw SystemError(info.Env(), errno, "close");
  return info.Env().Undefined();
}

Napi::Value Ioctl(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = FdArgument(info, 0);
  // Requests are 32-bit encodings (dir<<30 | size<<16 | type<<8 | nr, spec §2.4), often >= 2^31.
  auto request = static_cast<unsigned long>(IntegerArgument(info, 1, "request", 0, UINT32_MAX));
  unsigned long argument = 0;
  if (info[2].IsNumber()) {
    argument = static_cast<unsigned long>(IntegerArgument(info, 2, "arg", 0, kMaxSafeInteger));
  } else if (!info[2].IsUndefined()) {
    ByteSpan span = BytesArgument(info, 2, "arg");
    // The kernel copies _IOC_SIZE(request) bytes in or out: a shorter buffer would be overrun.
    // Legacy requests without a direction (TCGETS...) encode no size and cannot be checked.
    if (_IOC_DIR(request) != _IOC_NONE && span.length < _IOC_SIZE(request)) {
      throw OutOfRangeError(env, "arg.byteLength", "at least the size encoded in the request");
    }
    argument = reinterpret_cast<unsigned long>(span.data);
  }
  int result;
  do {
    result = ioctl(fd, request, argument);
  } while (result < 0 && errno == EINTR);
  if (result < 0) throw SystemError(env, errno, "ioctl");
  return Napi::Number::New(env, result);
}

}  // namespace uacce_native
