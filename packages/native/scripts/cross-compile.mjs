#!/usr/bin/env node
// SPDX-License-Identifier: Apache-2.0
// The arm64 check of the native package's tests: builds the arm64 prebuild (scripts/prebuild.mjs,
// Debian's cross compiler) so the arm64 barrier code (addon/barrier.h) is compiled and linked on
// every run, checks that the barrier instructions are really in the object code, then runs
// test/native/barrier_test.cc (a static arm64 program using the same barrier.h) under
// qemu-aarch64, so the arm64 store, loads and barriers are executed, not only compiled. (The
// addon itself runs as arm64 code in tests/arm64, under the arm64 Node.js.)
// Missing tools (Debian's g++-aarch64-linux-gnu and qemu-user) are installed with apt-get
// (tooling/system-packages, under the workspace's apt lock) when running as root; if they still
// cannot be had, this fails under CI (CI=true) and elsewhere skips what it cannot do with a message.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { commandRuns, installDebianPackages } from '../../../tooling/system-packages/index.mjs';
import { isElfFor, kTargets, objectDir, prebuild, prebuildDir, run } from './prebuild.mjs';

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outputDir = objectDir('arm64');
const compiler = kTargets.arm64.cxx;
const objdump = compiler.replace(/g\+\+$/, 'objdump');
// qemu-user ships qemu-aarch64; qemu-user-static ships qemu-aarch64-static. Either runs the
// static test program directly (no binfmt registration needed).
const qemuCandidates = process.env.UACCE_QEMU_AARCH64
  ? [process.env.UACCE_QEMU_AARCH64]
  : ['qemu-aarch64', 'qemu-aarch64-static'];
const isCI = process.env.CI === 'true' || process.env.CI === '1';
const EM_AARCH64 = kTargets.arm64.elfMachine;

function log(message) {
  process.stderr.write(`cross-compile: ${message}\n`);
}

function giveUp(reason) {
  if (isCI) {
    log(`FAILED: ${reason}`);
    process.exit(1);
  }
  log(`skipped: ${reason} (CI=true makes this an error)`);
  process.exit(0);
}

function hasCompiler() {
  return commandRuns(compiler, ['--version']);
}

function findQemu() {
  return qemuCandidates.find((candidate) => commandRuns(candidate, ['--version']));
}

// The barriers of spec §3.5 must be in the code, not optimised away or compiled for another arch.
function checkBarriers(object) {
  const result = spawnSync(objdump, ['-d', object], { encoding: 'utf8' });
  if (result.error || result.status !== 0) return `${objdump} could not disassemble ${object}`;
  for (const instruction of ['dsb\tsy', 'dsb\tld']) {
    if (!result.stdout.includes(instruction))
      return `${path.basename(object)} lacks "${instruction.replace('\t', ' ')}"`;
  }
  return undefined;
}

// Executes the barrier helpers on emulated arm64. Without qemu this fails under CI and is
// reported as not run elsewhere.
async function runBarrierTest() {
  const source = path.join(packageDir, 'test', 'native', 'barrier_test.cc');
  const program = path.join(outputDir, 'barrier_test');
  const built = await run(compiler, [
    '-std=gnu++17',
    '-O2',
    '-Wall',
    '-Wextra',
    '-Werror',
    '-static',
    source,
    '-o',
    program,
  ]);
  if (built.status !== 0) return `barrier_test did not build:\n${built.stderr}`;
  if (!isElfFor(program, EM_AARCH64)) return 'barrier_test is not an AArch64 ELF file';
  const qemu = findQemu();
  if (!qemu) {
    const missing = `barrier_test built for arm64 but not run: none of ${qemuCandidates.join(', ')} is installed`;
    if (isCI) return missing;
    log(`${missing} (CI=true makes this an error)`);
    return undefined;
  }
  const result = spawnSync(qemu, [program], { encoding: 'utf8', timeout: 60_000 });
  if (result.error) return `barrier_test could not run under ${qemu}: ${result.error.message}`;
  if (result.status !== 0 || !result.stdout.includes('barrier_test: ok')) {
    return `barrier_test failed under ${qemu} (status ${result.status}, signal ${result.signal}):\n${result.stderr}`;
  }
  log(`barrier_test passed on arm64 under ${qemu}`);
  return undefined;
}

async function main() {
  const missing = [
    ...(hasCompiler() || process.env.UACCE_CROSS_CXX ? [] : ['g++-aarch64-linux-gnu']),
    ...(findQemu() || process.env.UACCE_QEMU_AARCH64 ? [] : ['qemu-user']),
  ];
  const installProblem = missing.length > 0 ? installDebianPackages(missing, log) : undefined;
  if (installProblem) log(installProblem);
  if (!hasCompiler()) giveUp(`${compiler} not found${installProblem ? ` and ${installProblem}` : ''}`);
  // The objects are disassembled below: rebuild when only the linked prebuilds are left.
  const force = !existsSync(path.join(outputDir, 'mmio.o'));
  const built = await prebuild('arm64', { force });
  if (built) {
    log(`FAILED: ${built}`);
    process.exit(1);
  }
  const addons = ['uacce_native', 'uacce_native_emulator'].map((name) =>
    path.join(prebuildDir('arm64'), `${name}.node`),
  );
  const problem = addons.some((file) => !isElfFor(file, EM_AARCH64))
    ? 'a prebuild is not an AArch64 ELF file'
    : (checkBarriers(path.join(outputDir, 'mmio.o')) ?? (await runBarrierTest()));
  if (problem) {
    log(`FAILED: ${problem}`);
    process.exit(1);
  }
  log(`arm64 prebuilds in ${path.relative(packageDir, prebuildDir('arm64'))}; barriers present`);
}

await main();
