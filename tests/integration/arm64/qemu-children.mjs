// SPDX-License-Identifier: Apache-2.0
// Preloaded (--import) into the arm64 Node under qemu-user: a child that a test starts with
// process.execPath (an AArch64 ELF file) cannot be exec'd by this x86 kernel without binfmt_misc,
// so such children are started through the same qemu-aarch64 and library prefix.
import cp from 'node:child_process';
import { syncBuiltinESMExports } from 'node:module';

const qemu = process.env.UACCE_ARM64_QEMU;
const prefix = process.env.UACCE_ARM64_PREFIX;

function wrap(original) {
  return function (command, args, ...rest) {
    if (command === process.execPath && qemu) {
      const list = Array.isArray(args) ? args : [];
      const tail = Array.isArray(args) ? rest : [args, ...rest];
      return original.call(this, qemu, ['-L', prefix, process.execPath, ...list], ...tail);
    }
    return original.call(this, command, args, ...rest);
  };
}

for (const name of ['spawn', 'spawnSync', 'execFile', 'execFileSync']) cp[name] = wrap(cp[name]);
syncBuiltinESMExports();
