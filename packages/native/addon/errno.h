// SPDX-License-Identifier: Apache-2.0
// Node-style errors: system errors carry code/errno/syscall/path like node:fs's; argument
// errors carry Node's ERR_* codes. C++ never formats its own error taxonomy.
#ifndef UACCE_NATIVE_ERRNO_H_
#define UACCE_NATIVE_ERRNO_H_

#include <napi.h>

namespace uacce_native {

// An Error with code (errno name), errno (negative, as Node's), syscall and, if given, path.
Napi::Error SystemError(Napi::Env env, int error_number, const char* syscall,
                        const char* path = nullptr);

// A TypeError with code ERR_INVALID_ARG_TYPE.
Napi::Error ArgumentTypeError(Napi::Env env, const char* name, const char* expected);

// A RangeError with code ERR_OUT_OF_RANGE.
Napi::Error OutOfRangeError(Napi::Env env, const char* name, const char* expected);

// An Error with an arbitrary code (ERR_UACCE_UNMAPPED, ERR_INVALID_ARG_VALUE).
Napi::Error CodedError(Napi::Env env, const char* code, const std::string& message);

}  // namespace uacce_native

#endif  // UACCE_NATIVE_ERRNO_H_
