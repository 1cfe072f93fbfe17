#!/usr/bin/env node
// SPDX-License-Identifier: Apache-2.0
// Builds the prebuilt addons that ship in the package: prebuilds/linux-<arch>-glibc/ holds
// uacce_native.node and uacce_native_emulator.node, compiled against Node-API (NAPI_VERSION 8,
// the headers of the Node.js running this script) so that one binary loads in every Node >= 20.
// x64 with the host's g++, arm64 with Debian's cross compiler (g++-aarch64-linux-gnu, installed
// through tooling/system-packages when missing and running as root). The objects need no more of
// glibc (2.17 on arm64) and libstdc++ (GLIBCXX_3.4.21) than the official Node.js 20 binaries do;
// libstdc++ is not linked statically, since its static archive pulls in glibc 2.36 symbols.
//
//   node scripts/prebuild.mjs [--arch x64|arm64|all] [--strict] [--force]
//
// Up-to-date outputs (newer than every addon source and this script) are kept. Without --strict a
// target whose compiler cannot be had is skipped with a message (a developer's machine); with
// --strict (prepack, CI) it is an error, so a packed tarball always carries every prebuild.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const addonDir = path.join(packageDir, 'addon');

/** The two addons and their sources, as in binding.gyp. */
export const kAddons = {
  uacce_native: [
    'addon.cc',
    'address.cc',
    'arguments.cc',
    'errno.cc',
    'fd.cc',
    'libstdcxx_compat.cc',
    'mmio.cc',
    'poll.cc',
    'region.cc',
  ],
  uacce_native_emulator: [
    'emulator_addon.cc',
    'arguments.cc',
    'errno.cc',
    'libstdcxx_compat.cc',
    'process_vm.cc',
  ],
};

/** The targets: the compiler of each (overridable) and the Debian package that provides it. */
export const kTargets = {
  x64: { cxx: process.env.UACCE_PREBUILD_CXX_X64 ?? 'g++', debianPackage: 'g++', elfMachine: 62 },
  arm64: {
    cxx: process.env.UACCE_CROSS_CXX ?? 'aarch64-linux-gnu-g++',
    debianPackage: 'g++-aarch64-linux-gnu',
    elfMachine: 183,
  },
};

/** Where the prebuilds of `arch` live (the loader looks in the same place). */
export function prebuildDir(arch, root = packageDir) {
  return path.join(root, 'prebuilds', `linux-${arch}-glibc`);
}

/** Where the objects of `arch` are compiled (kept: the arm64 check disassembles them). */
export function objectDir(arch) {
  return path.join(packageDir, 'build', 'prebuild', arch);
}

function log(message) {
  process.stderr.write(`prebuild: ${message}\n`);
}

/** Runs `command`, resolving with its exit status and stderr (never rejects). */
export function run(command, args) {
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

function includeDirs() {
  const nodeInclude = path.resolve(path.dirname(process.execPath), '..', 'include', 'node');
  if (!existsSync(path.join(nodeInclude, 'node_api.h')))
    throw new Error(`no Node.js headers in ${nodeInclude}`);
  const addonApi = createRequire(import.meta.url)('node-addon-api').include_dir;
  return [nodeInclude, addonApi];
}

// binding.gyp's flags, plus -Werror (a warning on either target is a bug) and hidden symbols:
// the module registration is the only export.
function compileArgs(source, object, includes) {
  return [
    '-std=gnu++17',
    '-fexceptions',
    '-fPIC',
    '-fvisibility=hidden',
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

/** True when `file` is an ELF file for the machine number `machine` (62 x86-64, 183 AArch64). */
export function isElfFor(file, machine) {
  const header = readFileSync(file).subarray(0, 20);
  return header.toString('latin1', 1, 4) === 'ELF' && header.readUInt16LE(18) === machine;
}

function newestInput() {
  const inputs = readdirSync(addonDir).map((name) => path.join(addonDir, name));
  inputs.push(fileURLToPath(import.meta.url));
  return Math.max(...inputs.map((file) => statSync(file).mtimeMs));
}

function upToDate(arch) {
  const newest = newestInput();
  return Object.keys(kAddons).every((name) => {
    const file = path.join(prebuildDir(arch), `${name}.node`);
    return existsSync(file) && statSync(file).mtimeMs >= newest;
  });
}

async function compileAll(cxx, sources, outDir, includes) {
  const failures = [];
  const queue = [...sources];
  const workers = Array.from({ length: Math.min(availableParallelism(), queue.length) }, async () => {
    for (let source = queue.shift(); source; source = queue.shift()) {
      const object = path.join(outDir, `${path.basename(source, '.cc')}.o`);
      const result = await run(cxx, compileArgs(path.join(addonDir, source), object, includes));
      if (result.status !== 0) failures.push(`${source}:\n${result.stderr}`);
    }
  });
  await Promise.all(workers);
  return failures;
}

/**
 * Compiles and links both addons for `arch` into prebuilds/linux-<arch>-glibc. Resolves to
 * undefined when done (or up to date), or to why it could not build.
 */
export async function prebuild(arch, { force = false } = {}) {
  const target = kTargets[arch];
  if (!target) return `unknown arch ${arch} (one of ${Object.keys(kTargets).join(', ')})`;
  if (!force && upToDate(arch)) {
    log(`linux-${arch}-glibc is up to date`);
    return undefined;
  }
  const probe = await run(target.cxx, ['--version']);
  if (probe.status !== 0) {
    const { installDebianPackages } = await loadSystemPackages();
    const problem = installDebianPackages?.([target.debianPackage], log);
    if ((await run(target.cxx, ['--version'])).status !== 0) {
      return `${target.cxx} is not installed (Debian: ${target.debianPackage})${problem ? `; ${problem}` : ''}`;
    }
  }
  const includes = includeDirs();
  const outDir = objectDir(arch);
  mkdirSync(outDir, { recursive: true });
  const sources = [...new Set(Object.values(kAddons).flat())];
  const failures = await compileAll(target.cxx, sources, outDir, includes);
  if (failures.length > 0) return `compiling for ${arch} failed:\n${failures.join('\n')}`;
  const destination = prebuildDir(arch);
  mkdirSync(destination, { recursive: true });
  for (const [name, files] of Object.entries(kAddons)) {
    const output = path.join(destination, `${name}.node`);
    const partial = `${output}.partial`;
    const objects = files.map((file) => path.join(outDir, `${path.basename(file, '.cc')}.o`));
    const linked = await run(target.cxx, ['-shared', '-s', '-Wl,-z,noexecstack', '-o', partial, ...objects]);
    if (linked.status !== 0) return `linking ${name} for ${arch} failed:\n${linked.stderr}`;
    if (!isElfFor(partial, target.elfMachine)) return `${name}.node is not an ELF file for ${arch}`;
    renameSync(partial, output);
  }
  log(`built prebuilds/linux-${arch}-glibc (${sources.length} sources, ${target.cxx})`);
  return undefined;
}

// tooling/system-packages exists in the workspace only; from a tarball nothing is installed.
async function loadSystemPackages() {
  const file = path.resolve(packageDir, '..', '..', 'tooling', 'system-packages', 'index.mjs');
  return existsSync(file) ? import(file) : {};
}

async function main(argv) {
  const option = (name) => argv.includes(name);
  const archIndex = argv.indexOf('--arch');
  const wanted = archIndex >= 0 ? argv[archIndex + 1] : 'all';
  const arches = wanted === 'all' ? Object.keys(kTargets) : [wanted];
  const strict = option('--strict') || process.env.CI === 'true' || process.env.CI === '1';
  if (option('--force')) rmSync(path.join(packageDir, 'prebuilds'), { recursive: true, force: true });
  let failed = false;
  for (const arch of arches) {
    const problem = await prebuild(arch, { force: option('--force') });
    if (!problem) continue;
    if (strict) {
      log(`FAILED: ${problem}`);
      failed = true;
    } else {
      log(`skipped linux-${arch}-glibc: ${problem} (--strict or CI=true makes this an error)`);
    }
  }
  process.exitCode = failed ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main(process.argv.slice(2));
}
