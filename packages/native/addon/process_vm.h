// SPDX-License-Identifier: Apache-2.0
// Reaching another process: the emulator's DMA (process_vm_readv/writev), letting it in under
// Yama (prctl PR_SET_PTRACER), and learning who is on the other end of a UNIX socket.
#ifndef UACCE_NATIVE_PROCESS_VM_H_
#define UACCE_NATIVE_PROCESS_VM_H_

#include <napi.h>

namespace uacce_native {

// processVmRead(pid, address, target) -> bytes read (short when the range crosses a fault).
Napi::Value ProcessVmRead(const Napi::CallbackInfo& info);
// processVmWrite(pid, address, source) -> bytes written.
Napi::Value ProcessVmWrite(const Napi::CallbackInfo& info);
// setPtracer(pid): prctl(PR_SET_PTRACER, pid); -1 allows any process, 0 clears.
Napi::Value SetPtracer(const Napi::CallbackInfo& info);
// peerPid(fd) -> pid of the peer of a connected UNIX socket (SO_PEERCRED).
Napi::Value PeerPid(const Napi::CallbackInfo& info);

}  // namespace uacce_native

#endif  // UACCE_NATIVE_PROCESS_VM_H_
