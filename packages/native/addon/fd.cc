// SPDX-License-Identifier: Apache-2.0
#include "fd.h"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "arguments.h"
#include "errno.h"
#include "state.h"

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

namespace {

// Integer arguments stay below the first page: mmap_min_addr keeps it unmapped, so a number can
// never be taken by the kernel as the address of memory of this process.
constexpr int64_t kMaxIntegerArgument = 4095;

// A request without a direction (legacy ones: TCGETS, FIONREAD...) encodes no size, so the kernel
// may write more than the caller's buffer holds. Such a buffer goes through a bounce page followed
// by an inaccessible guard page: the kernel can write at most one page, and EFAULT beyond it.
// Bytes past the caller's length that changed (a canary) mean the kernel wanted a larger buffer.
constexpr uint8_t kCanary = 0xa5;

int LegacyIoctl(Napi::Env env, AddonState* state, int fd, unsigned long request, ByteSpan span) {
  const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  if (span.length > page) {
    throw OutOfRangeError(env, "arg.byteLength",
                          "at most one page for a request that encodes no size");
  }
  if (state->bounce == nullptr) {
    void* pages = mmap(nullptr, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (pages == MAP_FAILED) throw SystemError(env, errno, "mmap");
    if (mprotect(static_cast<uint8_t*>(pages) + page, page, PROT_NONE) < 0) {
      int error = errno;
      munmap(pages, 2 * page);
      throw SystemError(env, error, "mprotect");
    }
    state->bounce = pages;
    state->bounce_length = 2 * page;
  }
  auto* bounce = static_cast<uint8_t*>(state->bounce);
  if (span.length > 0) std::memcpy(bounce, span.data, span.length);
  std::memset(bounce + span.length, kCanary, page - span.length);
  int result;
  do {
    result = ioctl(fd, request, bounce);
  } while (result < 0 && errno == EINTR);
  const int error = errno;
  if (span.length > 0) std::memcpy(span.data, bounce, span.length);
  if (result < 0) throw SystemError(env, error, "ioctl");
  for (size_t index = span.length; index < page; index++) {
    if (bounce[index] != kCanary) {
      throw OutOfRangeError(env, "arg.byteLength",
                            "large enough for what the kernel writes (it wrote past the end)");
    }
  }
  return result;
}

}  // namespace

Napi::Value Ioctl(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = FdArgument(info, 0);
  // Requests are 32-bit encodings (dir<<30 | size<<16 | type<<8 | nr, spec §2.4), often >= 2^31.
  auto request = static_cast<unsigned long>(IntegerArgument(info, 1, "request", 0, UINT32_MAX));
  unsigned long argument = 0;
  if (info[2].IsNumber()) {
    argument = static_cast<unsigned long>(IntegerArgument(info, 2, "arg", 0, kMaxIntegerArgument));
  } else if (!info[2].IsUndefined()) {
    ByteSpan span = BytesArgument(info, 2, "arg");
    if (_IOC_DIR(request) == _IOC_NONE) {
      return Napi::Number::New(env, LegacyIoctl(env, StateOf(info), fd, request, span));
    }
    // The kernel copies _IOC_SIZE(request) bytes in or out: a shorter buffer would be overrun.
    if (span.length < _IOC_SIZE(request)) {
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
