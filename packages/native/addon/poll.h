// SPDX-License-Identifier: Apache-2.0
// Readiness: a uv_poll watch of an fd for readable (POLLIN) on the environment's libuv loop.
//
// Lifetime: like a socket handle, an active watch keeps itself (and its callback) alive and the
// loop running until stop(), unless unref() is called. stop() is idempotent; the uv handle is
// closed with uv_close and freed in its close callback, which touches no JavaScript, so it is
// safe even while a worker's environment is being torn down.
#ifndef UACCE_NATIVE_POLL_H_
#define UACCE_NATIVE_POLL_H_

#include <napi.h>
#include <uv.h>

#include "state.h"

namespace uacce_native {

class ReadinessWatch : public Napi::ObjectWrap<ReadinessWatch> {
 public:
  // Defines the class (not exported) and keeps its constructor in `state`.
  static void Initialize(Napi::Env env, AddonState* state);
  // watchReadable(fd, callback) -> ReadinessWatch.
  static Napi::Value WatchReadable(const Napi::CallbackInfo& info);
  // Environment teardown: stops every active watch without calling into JavaScript.
  static void StopAll(AddonState* state);

  explicit ReadinessWatch(const Napi::CallbackInfo& info);
  ~ReadinessWatch() override;

 private:
  struct PollHandle {
    uv_poll_t handle;
    ReadinessWatch* owner;  // null once stopped: a late event is dropped
  };

  static void OnPoll(uv_poll_t* handle, int status, int events);
  static void OnClose(uv_handle_t* handle);

  void Start(int fd, Napi::Function callback);
  void Fire(int poll_status);
  // Closes the uv handle; `from_javascript` also releases the JS references.
  void Release(bool from_javascript);

  Napi::Value Stop(const Napi::CallbackInfo& info);
  Napi::Value Ref(const Napi::CallbackInfo& info);
  Napi::Value Unref(const Napi::CallbackInfo& info);
  Napi::Value Active(const Napi::CallbackInfo& info);

  PollHandle* poll_ = nullptr;
  AddonState* state_ = nullptr;
  int fd_ = -1;
  Napi::FunctionReference callback_;
};

}  // namespace uacce_native

#endif  // UACCE_NATIVE_POLL_H_
