#!/usr/bin/env node
// SPDX-License-Identifier: Apache-2.0
// Compiles every addon/*.cc for linux-arm64 with Debian's cross compiler and links them into
// build/arm64/uacce_native.node, so the arm64 barrier code (addon/barrier.h) is compiled and
// assembled on every run, then checks that the barrier instructions are really in the object.
// When qemu-aarch64 is installed (optional), test/native/barrier_test.cc also runs on arm64.
// A missing compiler is installed with apt-get when running as root; if it still cannot be had,
// this fails under CI (CI=true) and skips with a message elsewhere.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outputDir = path.join(packageDir, 'build', 'arm64');
const compiler = process.env.UACCE_CROSS_CXX ?? 'aarch64-linux-gnu-g++';
const objdump = compiler.replace(/g\+\+$/, 'objdump');
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
  const result = spawnSync(compiler, ['--version'], { stdio: 'ignore' });
  return !result.error && result.status === 0;
}

// Debian's package of the cross compiler; runs only as root and only when it is missing.
function installCompiler() {
  if (process.getuid?.() !== 0) return 'not root, so apt-get cannot install g++-aarch64-linux-gnu';
  log('installing g++-aarch64-linux-gnu with apt-get');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'g++-aarch64-linux-gnu']]) {
    const result = spawnSync('apt-get', args, { env, encoding: 'utf8' });
    if (result.error) return `apt-get could not start: ${result.error.message}`;
    if (result.status !== 0) return `apt-get ${args[0]} failed: ${result.stderr.trim().split('\n').pop()}`;
  }
  return hasCompiler() ? undefined : `${compiler} is still missing after apt-get install`;
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

// Optional: executes the barrier helpers on (emulated) arm64. Never installs qemu.
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
  const qemu = spawnSync('qemu-aarch64', [program], { encoding: 'utf8' });
  if (qemu.error) {
    log('barrier_test built for arm64, not run (qemu-aarch64 is not installed)');
    return undefined;
  }
  if (qemu.status !== 0) return `barrier_test failed under qemu-aarch64:\n${qemu.stderr}`;
  log('barrier_test passed under qemu-aarch64');
  return undefined;
}

async function main() {
  if (!hasCompiler()) {
    const problem = installCompiler();
    if (problem) giveUp(`${compiler} not found and ${problem}`);
  }
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
