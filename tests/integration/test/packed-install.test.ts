// SPDX-License-Identifier: Apache-2.0
// The library packages as a user gets them: packed with `pnpm pack` (native's prepack builds the
// linux-x64 and linux-arm64 prebuilds), installed with npm from the tarballs into a fresh folder
// outside the workspace on a machine with no compiler (CXX=/bin/false, no make or g++ on PATH),
// then used: the prebuilt addon loads, and a hardware gzip stream runs on the emulator.
import { spawnSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repositoryRoot } from '../src/arm64-run';
import { runCommand } from '../src/run-command';

const LIBRARIES = ['abi', 'native', 'qm', 'zip', 'stream', 'emulator'];
const log = (message: string) => process.stderr.write(`packed: ${message}\n`);

let work: string;
let project: string;
let tarballs: string[];
let installSeconds: number;

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'uacce-packed-'));
  const packs = path.join(work, 'tarballs');
  mkdirSync(packs);
  for (const name of LIBRARIES) {
    await runCommand('npx', ['--yes', 'pnpm@10.34.8', 'pack', '--pack-destination', packs], {
      cwd: path.join(repositoryRoot, 'packages', name),
    });
  }
  tarballs = readdirSync(packs).map((file) => path.join(packs, file));
  // A machine without a toolchain: PATH holds node, npm and sh (npm runs install scripts with it)
  // only, no make, g++ or python, and CXX names a compiler that fails.
  const bin = path.join(work, 'bin');
  mkdirSync(bin);
  symlinkSync(process.execPath, path.join(bin, 'node'));
  symlinkSync('/bin/sh', path.join(bin, 'sh'));
  const npm = spawnSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).stdout.trim();
  symlinkSync(npm, path.join(bin, 'npm'));
  project = path.join(work, 'app');
  mkdirSync(project);
  writeFileSync(
    path.join(project, 'package.json'),
    JSON.stringify({ name: 'app', version: '1.0.0', type: 'module' }),
  );
  const started = performance.now();
  await runCommand(npm, ['install', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs], {
    cwd: project,
    env: { ...process.env, PATH: bin, CXX: '/bin/false', CC: '/bin/false', npm_config_node_gyp: '' },
  });
  installSeconds = (performance.now() - started) / 1000;
  log(`npm install of ${tarballs.length} tarballs without a compiler: ${installSeconds.toFixed(1)} s`);
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

function nodeIn(directory: string, script: string, env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: directory,
    encoding: 'utf8',
    env: { ...process.env, UACCE_NATIVE_PATH: '', ...env },
  });
  if (result.status !== 0) throw new Error(`node failed (${result.status}):\n${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop() ?? 'null');
}

describe('installed from the packed tarballs, without a compiler', () => {
  it('ships the prebuilt addons for linux-x64 and linux-arm64 (glibc) in @uacce/native', () => {
    const native = tarballs.find((file) => path.basename(file).startsWith('uacce-native-')) as string;
    const listing = spawnSync('tar', ['tzf', native], { encoding: 'utf8' }).stdout.split('\n');
    log(`@uacce/native tarball:\n${listing.filter(Boolean).join('\n')}`);
    for (const target of ['linux-x64-glibc', 'linux-arm64-glibc']) {
      for (const addon of ['uacce_native', 'uacce_native_emulator']) {
        expect(listing).toContain(`package/prebuilds/${target}/${addon}.node`);
      }
    }
    // Only the install script ships of scripts/; no sources of the tests, no local build.
    expect(listing.filter((entry) => entry.startsWith('package/scripts/'))).toEqual([
      'package/scripts/install.mjs',
    ]);
    expect(listing.some((entry) => entry.startsWith('package/build/'))).toBe(false);
  });

  it('loads the prebuild; the install script built nothing and needed no node-gyp', () => {
    const nativeDir = path.join(project, 'node_modules', '@uacce', 'native');
    const status = JSON.parse(readFileSync(path.join(nativeDir, 'build', 'status.json'), 'utf8'));
    expect(status).toMatchObject({ ok: true, code: 'PREBUILT' });
    const loaded = nodeIn(
      project,
      "const m = await import('@uacce/native'); m.loadNative(); console.log(JSON.stringify(m.loadedNativePath()));",
    );
    expect(loaded).toBe(
      path.join(nativeDir, 'prebuilds', `linux-${process.arch}-glibc`, 'uacce_native.node'),
    );
    expect(readdirSync(path.join(project, 'node_modules')).includes('node-gyp')).toBe(false);
  });

  it('runs a hardware gzip stream on the emulator', () => {
    const result = nodeIn(
      project,
      `
      import zlib from 'node:zlib';
      import { startEmulator } from '@uacce/emulator';
      import { closeHardware, configureHardware, createGzip } from '@uacce/stream';
      const emulator = await startEmulator({ devices: 1 });
      try {
        await configureHardware({ env: { ...emulator.env }, maxQueues: 1 });
        const data = Buffer.from('hello from the tarballs\\n'.repeat(5000));
        const gzip = createGzip({ engine: 'hardware', hardwareTimeout: 30000 });
        const parts = [];
        gzip.on('data', (chunk) => parts.push(chunk));
        const done = new Promise((resolve, reject) => { gzip.on('end', resolve); gzip.on('error', reject); });
        gzip.end(data);
        await done;
        const ok = zlib.gunzipSync(Buffer.concat(parts)).equals(data);
        console.log(JSON.stringify({ ok, engine: gzip.engine, info: gzip.engineInfo }));
      } finally {
        await closeHardware();
        await emulator.stop();
      }
      `,
    );
    expect(result).toMatchObject({ ok: true, engine: 'hardware', info: { emulated: true } });
  });
});
