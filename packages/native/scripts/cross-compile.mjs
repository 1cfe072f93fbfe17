#!/usr/bin/env node
// SPDX-License-Identifier: Apache-2.0
// Compiles every addon/*.cc for linux-arm64 with Debian's cross compiler and links them into
// build/arm64/uacce_native.node, so the arm64 barrier code (addon/barrier.h) is compiled and
// assembled on every run, checks that the barrier instructions are really in the object, then
// runs test/native/barrier_test.cc (a static arm64 program using the same barrier.h) under
// qemu-aarch64, so the arm64 store, loads and barriers are executed, not only compiled.
// Missing tools (Debian's g++-aarch64-linux-gnu and qemu-user) are installed with apt-get
// (tooling/system-packages, under the workspace's apt lock) when running as root; if they still
// cannot be had, this fails under CI (CI=true) and elsewhere skips what it cannot do with a message.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { commandRuns, installDebianPackages } from '../../../tooling/system-packages/index.mjs';

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outputDir = path.join(packageDir, 'build', 'arm64');
const compiler = process.env.UACCE_CROSS_CXX ?? 'aarch64-linux-gnu-g++';
const objdump = compiler.replace(/g\+\+$/, 'objdump');
// qemu-user ships qemu-aarch64; qemu-user-static ships qemu-aarch64-static. Either runs the
// static test program directly (no binfmt registration needed).
const qemuCandidates = process.env.UACCE_QEMU_AARCH64
  ? [process.env.UACCE_QEMU_AARCH64]
  : ['qemu-aarch64', 'qemu-aarch64-static'];
const isCI = process.env.CI === 'true' || process.env.CI === '1';
const EM_AARCH64 = 183;

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

function includeDirs() {
  const nodeInclude = path.resolve(path.dirname(process.execPath), '..', 'include', 'node');
  if (!existsSync(path.join(nodeInclude, 'node_api.h'))) giveUp(`no Node.js headers in ${nodeInclude}`);
  const addonApi = createRequire(import.meta.url)('node-addon-api').include_dir;
  return [nodeInclude, addonApi];
}

// The flags of binding.gyp, plus -Werror: warnings on the target are bugs too.
function compileArgs(source, object, includes) {
  return [
    '-std=gnu++17',
    '-fexceptions',
    '-fPIC',
    '-O2',
    '-Wall',
    '-Wextra',
    '-Werror',
    '-DNAPI_VERSION=8',
    '-DNAPI_CPP_EXCEPTIONS',
    '-DNODE_ADDON_API_DISABLE_DEPRECATED',
    ...includes.map((dir) => `-I${dir}`),
    '-c',
    source,
    '-o',
    object,
  ];
}

function run(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', (error) => resolve({ status: -1, stderr: error.message }));
    child.on('close', (status) => resolve({ status, stderr }));
  });
}

async function compileAll(sources, includes) {
  const failures = [];
  const queue = [...sources];
  const workers = Array.from({ length: Math.min(availableParallelism(), queue.length) }, async () => {
    for (let source = queue.shift(); source; source = queue.shift()) {
      const object = path.join(outputDir, `${path.basename(source, '.cc')}.o`);
      const result = await run(compiler, compileArgs(source, object, includes));
      if (result.status !== 0) failures.push(`${path.basename(source)}:\n${result.stderr}`);
    }
  });
  await Promise.all(workers);
  return failures;
}

function isAarch64Object(file) {
  const header = readFileSync(file).subarray(0, 20);
  return header.toString('latin1', 1, 4) === 'ELF' && header.readUInt16LE(18) === EM_AARCH64;
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
  if (!isAarch64Object(program)) return 'barrier_test is not an AArch64 ELF file';
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
  const includes = includeDirs();
  mkdirSync(outputDir, { recursive: true });
  const addonDir = path.join(packageDir, 'addon');
  const sources = readdirSync(addonDir)
    .filter((name) => name.endsWith('.cc'))
    .map((name) => path.join(addonDir, name));
  const failures = await compileAll(sources, includes);
  if (failures.length > 0) {
    log(`FAILED to compile for arm64:\n${failures.join('\n')}`);
    process.exit(1);
  }
  const objects = sources.map((source) => path.join(outputDir, `${path.basename(source, '.cc')}.o`));
  const addon = path.join(outputDir, 'uacce_native.node');
  const linked = await run(compiler, ['-shared', '-o', addon, ...objects]);
  const problem =
    linked.status !== 0
      ? `linking failed:\n${linked.stderr}`
      : [addon, ...objects].some((file) => !isAarch64Object(file))
        ? 'an output is not an AArch64 ELF file'
        : (checkBarriers(path.join(outputDir, 'mmio.o')) ?? (await runBarrierTest()));
  if (problem) {
    log(`FAILED: ${problem}`);
    process.exit(1);
  }
  log(
    `${sources.length} sources compiled and linked for arm64 (${path.relative(packageDir, addon)}); barriers present`,
  );
}

await main();
