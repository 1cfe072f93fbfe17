// SPDX-License-Identifier: Apache-2.0
/** Absolute path of the arm64 node executable (an AArch64 ELF file: run it under qemu-aarch64). */
export declare const arm64NodePath: string;
