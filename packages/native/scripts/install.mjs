#!/usr/bin/env node
// SPDX-License-Identifier: Apache-2.0
// The package's install script. It never fails the install: without the addon the software path
// still works. First it loads the prebuild shipped for this platform, arch and libc
// (prebuilds/linux-<arch>-<libc>/); when that loads there is nothing to build. Otherwise it builds
// the addons with node-gyp against the headers of the Node.js that runs this script (found under
// its install prefix, the way npm's `nodedir` setting finds them). node-gyp is not a dependency:
// it is used when resolvable from here or when the package manager names its own copy
// (npm_config_node_gyp, set by npm and pnpm for install scripts). node-gyp's output goes to
// build/install.log; on failure the one line that says why is printed once here, recorded in
// build/status.json, and repeated by the loader when something asks for the hardware path.
import { spawnSync } from 'node:child_process';
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const buildDir = path.join(packageDir, 'build');
const statusFile = path.join(buildDir, 'status.json');
const logFile = path.join(buildDir, 'install.log');

// `code` says why in a stable word (tests and tools read it); `reason` says it for people.
// `missing` lists the tools a NO_TOOLCHAIN failure lacks.
function report(ok, code, reason, { log, missing, prebuild } = {}) {
  try {
    mkdirSync(buildDir, { recursive: true });
    if (log !== undefined) writeFileSync(logFile, log);
    const at = new Date().toISOString();
    const status = { ok, code, reason, missing, prebuild, node: process.version, at };
    writeFileSync(statusFile, `${JSON.stringify(status)}\n`);
  } catch {
    // A read-only package directory: the loader then reports "not built".
  }
  if (ok) return;
  const where =
    log === undefined ? '' : ` (full output: ${path.relative(process.cwd(), logFile) || logFile})`;
  const tried = prebuild ? `${prebuild}; ` : '';
  process.stderr.write(
    `@uacce/native: no native addon: ${tried}local build: ${reason}${where}\n` +
      '  The software path of @uacce/stream works without it; the hardware path and the emulator need it.\n',
  );
}

// The most specific line of a failed build, most telling kind first.
const kReasonPatterns = [
  /^\S+:\d+:\d+: (?:fatal )?error: .*$/m, // a compiler diagnostic
  /^.*(?:: not found|command not found).*$/m, // make or sh could not run the compiler
  /^\w*(?:Error|Exception): .*$/m, // gyp's Python traceback, last line
];
// make's summary of a compile step that failed without a diagnostic (a broken $CXX).
const kSilentCompileFailure = /^make: \*\*\* \[[^\]]*?(addon\/[\w.-]+)\.o\] Error (\d+)$/m;
const kGypSummary = /^gyp ERR! stack Error: (.*)$/m;

export function failureReason(output, status, compilerName = 'the C++ compiler') {
  for (const pattern of kReasonPatterns) {
    const reason = pattern.exec(output)?.[0].trim();
    if (reason) return reason;
  }
  const silent = kSilentCompileFailure.exec(output);
  if (silent)
    return `${compilerName} failed on ${silent[1]}.cc (exit status ${silent[2]}) without a diagnostic`;
  return kGypSummary.exec(output)?.[1]?.trim() || `node-gyp exited with status ${status}`;
}

function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

// Where `command` (a name or a path) resolves, the way a shell's PATH lookup would; undefined if nowhere.
function resolveCommand(command) {
  if (command.includes('/')) return isExecutable(command) ? command : undefined;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, command))) return path.join(dir, command);
  }
  return undefined;
}

// The tools node-gyp needs: Python for gyp (where node-gyp looks: $PYTHON, npm's `python`
// setting, python3, python), make, and the C++ compiler make runs ($CXX, else make's default
// g++). Checked first so that a machine without them gets one plain sentence.
function missingTools() {
  const cxx = process.env.CXX?.trim().split(/\s+/)[0] || 'g++';
  const cxxName = process.env.CXX ? `${cxx} (from CXX)` : cxx;
  const pythons = [process.env.PYTHON, process.env.npm_config_python, 'python3', 'python'].filter(Boolean);
  const missing = [];
  if (!resolveCommand(cxx))
    missing.push({ tool: cxx, reason: `the C++ compiler ${cxxName} is not installed` });
  if (!resolveCommand('make')) missing.push({ tool: 'make', reason: 'make is not installed' });
  if (!pythons.some((python) => resolveCommand(python))) {
    missing.push({ tool: 'python3', reason: 'Python (python3), which node-gyp runs, is not installed' });
  }
  return { missing, cxxName };
}

function findNodeDir() {
  const candidates = [process.env.npm_config_nodedir, path.resolve(path.dirname(process.execPath), '..')];
  return candidates.find((dir) => dir && existsSync(path.join(dir, 'include', 'node', 'node_api.h')));
}

// The prebuild target of this process, as the loader (src/binding.ts) names it: the C library
// is the one this process runs on, read from its own memory map.
function prebuildTarget() {
  let libc = 'glibc';
  try {
    if (readFileSync('/proc/self/maps', 'utf8').includes('/ld-musl-')) libc = 'musl';
  } catch {}
  return `${process.platform}-${process.arch}-${libc}`;
}

const kAddonNames = ['uacce_native', 'uacce_native_emulator'];

/** Undefined when both prebuilt addons of this target load; else why not (a sentence). */
export function prebuildProblem(root = packageDir) {
  const target = prebuildTarget();
  const dir = path.join(root, 'prebuilds', target);
  for (const name of kAddonNames) {
    const file = path.join(dir, `${name}.node`);
    if (!existsSync(file)) return `no prebuild for ${target} in this package`;
    try {
      createRequire(import.meta.url)(file);
    } catch (error) {
      return `the prebuild ${path.relative(root, file)} does not load: ${error instanceof Error ? error.message : error}`;
    }
  }
  return undefined;
}

// How to run node-gyp, as [command, ...arguments]: from this package's dependencies (a checkout of
// the repository has it), else the copy the package manager runs install scripts with (npm
// exports its path as npm_config_node_gyp; npm and pnpm put a node-gyp command on PATH).
function findNodeGyp() {
  try {
    return [process.execPath, createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js')];
  } catch {
    const named = process.env.npm_config_node_gyp;
    if (named && existsSync(named)) return [process.execPath, named];
    const command = resolveCommand('node-gyp');
    return command ? [command] : undefined;
  }
}

function build() {
  if (process.env.UACCE_NATIVE_SKIP_BUILD) return report(false, 'SKIPPED', 'UACCE_NATIVE_SKIP_BUILD is set');
  if (process.platform !== 'linux')
    return report(false, 'UNSUPPORTED_PLATFORM', `uacce exists only on Linux, not ${process.platform}`);
  const prebuild = prebuildProblem();
  if (!prebuild) {
    return report(true, 'PREBUILT', `the prebuild for ${prebuildTarget()} loads; nothing to build`);
  }
  const nodeDir = findNodeDir();
  if (!nodeDir) {
    return report(
      false,
      'NO_NODE_HEADERS',
      `no Node.js headers under ${path.resolve(path.dirname(process.execPath), '..')}/include/node`,
      { prebuild },
    );
  }
  const { missing, cxxName } = missingTools();
  if (missing.length > 0) {
    const hint = 'on Debian or Ubuntu: apt-get install g++ make python3';
    const reason = `${missing.map((entry) => entry.reason).join('; ')} (${hint})`;
    return report(false, 'NO_TOOLCHAIN', reason, { missing: missing.map((entry) => entry.tool), prebuild });
  }
  const gyp = findNodeGyp();
  if (!gyp) {
    const reason =
      'node-gyp is not installed (it is needed only for this local build: add it to your project, ' +
      'or use npm or pnpm, whose own copy is used)';
    return report(false, 'NO_NODE_GYP', reason, { prebuild });
  }
  rmSync(statusFile, { force: true });
  const result = spawnSync(
    gyp[0],
    [...gyp.slice(1), 'rebuild', `--nodedir=${nodeDir}`, '--jobs=2', '--loglevel=warn'],
    {
      cwd: packageDir,
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, npm_config_nodedir: nodeDir },
    },
  );
  const log = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.error)
    return report(false, 'BUILD_FAILED', `node-gyp could not start: ${result.error.message}`, {
      log,
      prebuild,
    });
  if (result.status !== 0)
    return report(false, 'BUILD_FAILED', failureReason(log, result.status, cxxName), { log, prebuild });
  report(true, 'BUILT', 'built', { log, prebuild });
}

function main() {
  try {
    build();
  } catch (error) {
    report(
      false,
      'SCRIPT_FAILED',
      `the build script failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
