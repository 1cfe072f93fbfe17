// SPDX-License-Identifier: Apache-2.0
#include "errno.h"

#include <uv.h>

#include <cstring>
#include <string>

namespace uacce_native {

namespace {

// libuv knows the name of every errno Linux defines; for the rest we still give a stable code.
std::string ErrnoName(int error_number) {
  const char* name = uv_err_name(-error_number);
  if (name != nullptr && std::strncmp(name, "Unknown", 7) != 0) return name;
  return "E" + std::to_string(error_number);
}

Napi::Error WithCode(Napi::Error error, const std::string& code) {
  error.Set("code", Napi::String::New(error.Env(), code));
  return error;
}

}  // namespace

Napi::Error SystemError(Napi::Env env, int error_number, const char* syscall,
                        const char* path) {
  const std::string code = ErrnoName(error_number);
  // The same message shape as node:fs: "ENOENT: no such file or directory, open '/x'".
  std::string message = code + ": " + std::strerror(error_number) + ", " + syscall;
  if (path != nullptr) message += std::string(" '") + path + "'";
  Napi::Error error = WithCode(Napi::Error::New(env, message), code);
  error.Set("errno", Napi::Number::New(env, -error_number));
  error.Set("syscall", Napi::String::New(env, syscall));
  if (path != nullptr) error.Set("path", Napi::String::New(env, path));
  return error;
}

Napi::Error ArgumentTypeError(Napi::Env env, const char* name, const char* expected) {
  std::string message = std::string("The \"") + name + "\" argument must be " + expected;
  return WithCode(Napi::TypeError::New(env, message), "ERR_INVALID_ARG_TYPE");
}

Napi::Error OutOfRangeError(Napi::Env env, const char* name, const char* expected) {
  std::string message = std::string("The value of \"") + name + "\" is out of range. It must be " + expected;
  return WithCode(Napi::RangeError::New(env, message), "ERR_OUT_OF_RANGE");
}

Napi::Error CodedError(Napi::Env env, const char* code, const std::string& message) {
  return WithCode(Napi::Error::New(env, message), code);
}

}  // namespace uacce_native
