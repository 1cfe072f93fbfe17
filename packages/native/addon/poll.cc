// SPDX-License-Identifier: Apache-2.0
#include "poll.h"

#include "arguments.h"
#include "errno.h"

namespace uacce_native {

void ReadinessWatch::Initialize(Napi::Env env, AddonState* state) {
  Napi::Function constructor = DefineClass(env, "ReadinessWatch",
                                           {
                                               InstanceMethod<&ReadinessWatch::Stop>("stop"),
                                               InstanceMethod<&ReadinessWatch::Ref>("ref"),
                                               InstanceMethod<&ReadinessWatch::Unref>("unref"),
                                               InstanceAccessor<&ReadinessWatch::Active>("active"),
                                           },
                                           state);
  state->watch_constructor = Napi::Persistent(constructor);
}

Napi::Value ReadinessWatch::WatchReadable(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = FdArgument(info, 0);
  if (!info[1].IsFunction()) throw ArgumentTypeError(env, "callback", "of type function");
  Napi::Object object = StateOf(info)->watch_constructor.New({});
  Unwrap(object)->Start(fd, info[1].As<Napi::Function>());
  return object;
}

ReadinessWatch::ReadinessWatch(const Napi::CallbackInfo& info)
    : Napi::ObjectWrap<ReadinessWatch>(info), state_(StateOf(info)) {}

ReadinessWatch::~ReadinessWatch() {
  // Normally reached only when stopped (an active watch holds a strong reference to itself);
  // at environment teardown Node finalizes every wrapper, active or not.
  Release(false);
}

void ReadinessWatch::Start(int fd, Napi::Function callback) {
  Napi::Env env = Env();
  uv_loop_t* loop = nullptr;
  if (napi_get_uv_event_loop(env, &loop) != napi_ok) throw Napi::Error::New(env);
  auto* poll = new PollHandle{};
  // uv_poll_init registers the fd with epoll: EBADF for a closed fd, EPERM for a regular file.
  int error = uv_poll_init(loop, &poll->handle, fd);
  if (error != 0) {
    delete poll;  // never initialised, nothing for the loop to close
    throw SystemError(env, -error, "uv_poll_init");
  }
  poll->handle.data = poll;
  error = uv_poll_start(&poll->handle, UV_READABLE, OnPoll);
  if (error != 0) {
    uv_close(reinterpret_cast<uv_handle_t*>(&poll->handle), OnClose);
    throw SystemError(env, -error, "uv_poll_start");
  }
  poll->owner = this;
  poll_ = poll;
  fd_ = fd;
  callback_ = Napi::Persistent(callback);
  ObjectWrap::Ref();
  state_->watches.insert(this);
}

void ReadinessWatch::OnPoll(uv_poll_t* handle, int status, int /*events*/) {
  auto* poll = static_cast<PollHandle*>(handle->data);
  if (poll->owner != nullptr) poll->owner->Fire(status);
}

void ReadinessWatch::Fire(int poll_status) {
  Napi::Env env = Env();
  Napi::HandleScope scope(env);
  napi_value callback = callback_.Value();
  // At most one argument (the error). A plain array, not a vector: gcc 11's vector would need a
  // newer libstdc++ (GLIBCXX_3.4.29) than the official Node.js binaries require (3.4.21).
  napi_value arguments[1];
  size_t count = 0;
  if (poll_status < 0) {
    // The fd broke (closed under the watch, for example): report once, then stop.
    Release(true);
    try {
      arguments[count++] = SystemError(env, -poll_status, "uv_poll").Value();
    } catch (const Napi::Error&) {
      return;  // JavaScript cannot run any more (a terminating worker)
    }
  }
  // Nothing of `this` is used after the call: the callback may stop the watch and let it go.
  // Raw napi here: a C++ exception must not unwind into libuv, and while a worker terminates
  // JavaScript cannot run, which is no error worth reporting.
  napi_value result;
  napi_status status = napi_make_callback(env, nullptr, env.Global(), callback, count, arguments,
                                          &result);
  if (status == napi_pending_exception) {
    napi_value error;
    if (napi_get_and_clear_last_exception(env, &error) == napi_ok) {
      napi_fatal_exception(env, error);  // an 'uncaughtException', as for any callback
    }
  }
}

void ReadinessWatch::Release(bool from_javascript) {
  if (poll_ == nullptr) return;
  uv_poll_stop(&poll_->handle);
  poll_->owner = nullptr;
  uv_close(reinterpret_cast<uv_handle_t*>(&poll_->handle), OnClose);
  poll_ = nullptr;
  if (state_ != nullptr) state_->watches.erase(this);
  if (from_javascript) {
    callback_.Reset();
    ObjectWrap::Unref();
  }
}

void ReadinessWatch::OnClose(uv_handle_t* handle) {
  delete static_cast<PollHandle*>(handle->data);
}

void ReadinessWatch::StopAll(AddonState* state) {
  for (ReadinessWatch* watch : state->watches) {
    watch->state_ = nullptr;
    watch->Release(false);
  }
  state->watches.clear();
}

Napi::Value ReadinessWatch::Stop(const Napi::CallbackInfo& info) {
  Release(true);
  return info.Env().Undefined();
}

Napi::Value ReadinessWatch::Ref(const Napi::CallbackInfo& info) {
  if (poll_ != nullptr) uv_ref(reinterpret_cast<uv_handle_t*>(&poll_->handle));
  return info.This();
}

Napi::Value ReadinessWatch::Unref(const Napi::CallbackInfo& info) {
  if (poll_ != nullptr) uv_unref(reinterpret_cast<uv_handle_t*>(&poll_->handle));
  return info.This();
}

Napi::Value ReadinessWatch::Active(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), poll_ != nullptr);
}

}  // namespace uacce_native
