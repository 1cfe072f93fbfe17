#!/usr/bin/env node
// SPDX-License-Identifier: Apache-2.0
// Builds the addon with node-gyp against the headers of the Node.js that runs this script
// (found under its install prefix, the way npm's `nodedir` setting finds them), and never fails
// the install: without the addon the software path still works. node-gyp's output goes to
// build/install.log; on failure the one line that says why is printed once here, recorded in
// build/status.json, and repeated by the loader when something asks for the hardware path.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const buildDir = path.join(packageDir, 'build');
const statusFile = path.join(buildDir, 'status.json');
const logFile = path.join(buildDir, 'install.log');

function report(ok, reason, log) {
  try {
    mkdirSync(buildDir, { recursive: true });
    if (log !== undefined) writeFileSync(logFile, log);
    const status = { ok, reason, node: process.version, at: new Date().toISOString() };
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
  /^gyp ERR! stack Error: (.*)$/m, // node-gyp's own summary
  /^gyp ERR! find Python (.*)$/m,
];

export function failureReason(output, status) {
  for (const pattern of kReasonPatterns) {
    const match = pattern.exec(output);
    if (match) return (match[1] ?? match[0]).trim();
  }
  return `node-gyp exited with status ${status}`;
}

function findNodeDir() {
  const candidates = [process.env.npm_config_nodedir, path.resolve(path.dirname(process.execPath), '..')];
  return candidates.find((dir) => dir && existsSync(path.join(dir, 'include', 'node', 'node_api.h')));
}

function build() {
  if (process.env.UACCE_NATIVE_SKIP_BUILD) return report(false, 'UACCE_NATIVE_SKIP_BUILD is set');
  if (process.platform !== 'linux')
    return report(false, `uacce exists only on Linux, not ${process.platform}`);
  const nodeDir = findNodeDir();
  if (!nodeDir) {
    return report(
      false,
      `no Node.js headers under ${path.resolve(path.dirname(process.execPath), '..')}/include/node`,
    );
  }
  let gyp;
  try {
    gyp = createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js');
  } catch {
    return report(false, 'node-gyp is not installed');
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
  if (result.error) return report(false, `node-gyp could not start: ${result.error.message}`, log);
  if (result.status !== 0) return report(false, failureReason(log, result.status), log);
  report(true, 'built', log);
}

function main() {
  try {
    build();
  } catch (error) {
    report(false, `the build script failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
