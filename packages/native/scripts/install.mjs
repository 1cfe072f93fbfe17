#!/usr/bin/env node
// SPDX-License-Identifier: Apache-2.0
// Builds the addon with node-gyp against the headers of the Node.js that runs this script
// (found under its install prefix, the way npm's `nodedir` setting finds them), and never fails
// the install: without the addon the software path still works. node-gyp's output goes to
// build/install.log; on failure the one line that says why is printed once here, recorded in
// build/status.json, and repeated by the loader when something asks for the hardware path.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const buildDir = path.join(packageDir, 'build');
const statusFile = path.join(buildDir, 'status.json');
const logFile = path.join(buildDir, 'install.log');

// `code` says why in a stable word (tests and tools read it); `reason` says it for people.
// `missing` lists the tools a NO_TOOLCHAIN failure lacks.
function report(ok, code, reason, { log, missing } = {}) {
  try {
    mkdirSync(buildDir, { recursive: true });
    if (log !== undefined) writeFileSync(logFile, log);
    const status = { ok, code, reason, missing, node: process.version, at: new Date().toISOString() };
    writeFileSync(statusFile, `${JSON.stringify(status)}\n`);
  } catch {
    // A read-only package directory: the loader then reports "not built".
  }
  if (ok) return;
  const where =
    log === undefined ? '' : ` (full output: ${path.relative(process.cwd(), logFile) || logFile})`;
  process.stderr.write(
    `@uacce/native: the native addon was not built: ${reason}${where}\n` +
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

function build() {
  if (process.env.UACCE_NATIVE_SKIP_BUILD) return report(false, 'SKIPPED', 'UACCE_NATIVE_SKIP_BUILD is set');
  if (process.platform !== 'linux')
    return report(false, 'UNSUPPORTED_PLATFORM', `uacce exists only on Linux, not ${process.platform}`);
  const nodeDir = findNodeDir();
  if (!nodeDir) {
    return report(
      false,
      'NO_NODE_HEADERS',
      `no Node.js headers under ${path.resolve(path.dirname(process.execPath), '..')}/include/node`,
    );
  }
  const { missing, cxxName } = missingTools();
  if (missing.length > 0) {
    const hint = 'on Debian or Ubuntu: apt-get install g++ make python3';
    const reason = `${missing.map((entry) => entry.reason).join('; ')} (${hint})`;
    return report(false, 'NO_TOOLCHAIN', reason, { missing: missing.map((entry) => entry.tool) });
  }
  let gyp;
  try {
    gyp = createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js');
  } catch {
    return report(false, 'NO_NODE_GYP', 'node-gyp is not installed');
  }
  rmSync(statusFile, { force: true });
  const result = spawnSync(
    process.execPath,
    [gyp, 'rebuild', `--nodedir=${nodeDir}`, '--jobs=2', '--loglevel=warn'],
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
    return report(false, 'BUILD_FAILED', `node-gyp could not start: ${result.error.message}`, { log });
  if (result.status !== 0)
    return report(false, 'BUILD_FAILED', failureReason(log, result.status, cxxName), { log });
  report(true, 'BUILT', 'built', { log });
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
