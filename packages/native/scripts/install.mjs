#!/usr/bin/env node
// SPDX-License-Identifier: Apache-2.0
// Builds the addon with node-gyp against the headers of the Node.js that runs this script
// (found under its install prefix, the way npm's `nodedir` setting finds them), and never fails
// the install: without the addon the software path still works, and the reason is reported once
// here and again by the loader when something asks for the hardware path.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const statusFile = path.join(packageDir, 'build', 'status.json');

function report(ok, reason) {
  try {
    writeFileSync(
      statusFile,
      `${JSON.stringify({ ok, reason, node: process.version, at: new Date().toISOString() })}\n`,
    );
  } catch {
    // build/ may not exist when node-gyp never ran; the loader then reports "not built".
  }
  if (!ok) {
    process.stderr.write(
      `@uacce/native: the native addon was not built (${reason}).\n` +
        '  The software path of @uacce/stream works without it; the hardware path and the emulator need it.\n',
    );
  }
}

function findNodeDir() {
  const candidates = [process.env.npm_config_nodedir, path.resolve(path.dirname(process.execPath), '..')];
  return candidates.find((dir) => dir && existsSync(path.join(dir, 'include', 'node', 'node_api.h')));
}

function main() {
  if (process.env.UACCE_NATIVE_SKIP_BUILD) return report(false, 'UACCE_NATIVE_SKIP_BUILD is set');
  if (process.platform !== 'linux')
    return report(false, `uacce exists only on Linux, not ${process.platform}`);
  const nodeDir = findNodeDir();
  if (!nodeDir)
    return report(
      false,
      `no Node.js headers under ${path.resolve(path.dirname(process.execPath), '..')}/include/node`,
    );
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
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, npm_config_nodedir: nodeDir },
    },
  );
  if (result.error) return report(false, `node-gyp could not start: ${result.error.message}`);
  if (result.status !== 0)
    return report(false, `node-gyp exited with status ${result.status}; is a C++ compiler installed?`);
  report(true, 'built');
}

main();
