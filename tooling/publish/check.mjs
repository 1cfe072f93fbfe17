// SPDX-License-Identifier: Apache-2.0
// The published packages, checked the way a user receives them: every library package is packed
// with `pnpm pack` (publishConfig applied, workspace: and catalog: versions replaced), and each
// tarball must
//   - carry LICENSE and README.md, no `@uacce/source` condition and no workspace-only version;
//   - pass publint with no message at all (error, warning or suggestion);
//   - pass @arethetypeswrong/cli (node10, node16 from CJS and from ESM, bundler) with no problem.
// Then the tarballs are installed with npm into a fresh project outside the workspace, small
// consumer files are compiled by tsc under nodenext, node16, bundler and node10 resolution (ESM,
// CJS `.cts` with `import zlib = require(...)`), and run by Node as ESM and as CommonJS.
// Exits 1 on the first failed stage. `UACCE_PUBLISH_KEEP=1` keeps the temporary folder.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { consumerFiles, consumerProjects } from './consumer.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(join(root, 'package.json'));
const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const catalog = readCatalog(readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8'));

/** The library packages: every non-private package under packages/. */
const LIBRARIES = readdirSync(join(root, 'packages'))
  .filter((name) => existsSync(join(root, 'packages', name, 'package.json')))
  .map((name) => ({
    dir: join(root, 'packages', name),
    manifest: readManifest(join(root, 'packages', name)),
  }))
  .filter(({ manifest }) => manifest.private !== true);

function readManifest(dir) {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
}

/** The `catalog:` block of pnpm-workspace.yaml (one `name: version` a line). */
function readCatalog(yaml) {
  const entries = {};
  const block = yaml.split(/^catalog:\s*$/m)[1]?.split(/^\S/m)[0] ?? '';
  for (const line of block.split('\n')) {
    const match = /^\s+"?([^":#]+)"?:\s*([^\s#]+)/.exec(line);
    if (match) entries[match[1]] = match[2];
  }
  return entries;
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  return { status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}`.trim() };
}

let failures = 0;
function fail(message) {
  failures++;
  console.error(`FAIL ${message}`);
}

const started = Date.now();
function stage(title) {
  console.log(`\n== ${title} (at ${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

/** `pnpm pack` of every library into `destination` (one recursive pnpm run); returns name → tarball path. */
function pack(destination) {
  const pnpm = rootManifest.packageManager; // "pnpm@x.y.z": the version the repository pins
  const filters = LIBRARIES.flatMap(({ manifest }) => ['--filter', manifest.name]);
  execFileSync('npx', ['--yes', pnpm, '--recursive', ...filters, 'pack', '--pack-destination', destination], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const tarballs = new Map();
  for (const { manifest } of LIBRARIES) {
    const file = `${manifest.name.replace(/^@/, '').replace('/', '-')}-${manifest.version}.tgz`;
    if (!existsSync(join(destination, file))) throw new Error(`pnpm pack did not write ${file}`);
    tarballs.set(manifest.name, join(destination, file));
  }
  return tarballs;
}

/** The manifest and file list inside a tarball. */
function tarballContents(tarball) {
  const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean);
  const manifest = JSON.parse(
    execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }),
  );
  return { files: files.map((file) => file.replace(/^package\//, '')), manifest };
}

function checkContents(name, tarball) {
  const { files, manifest } = tarballContents(tarball);
  for (const required of ['LICENSE', 'README.md', 'package.json']) {
    if (!files.includes(required)) fail(`${name}: the tarball has no ${required}`);
  }
  const license = files.includes('LICENSE')
    ? execFileSync('tar', ['-xzOf', tarball, 'package/LICENSE'], { encoding: 'utf8' })
    : '';
  if (license !== readFileSync(join(root, 'LICENSE'), 'utf8'))
    fail(`${name}: LICENSE differs from the repository's`);
  const repository = LIBRARIES.find(({ manifest: own }) => own.name === name).manifest;
  if (JSON.stringify(manifest.exports) !== JSON.stringify(withoutSourceCondition(repository.exports))) {
    fail(`${name}: publishConfig.exports is not the repository's exports without @uacce/source`);
  }
  const text = JSON.stringify(manifest);
  if (text.includes('@uacce/source'))
    fail(`${name}: the published exports still name the @uacce/source condition`);
  if (/"(workspace|catalog):/.test(text))
    fail(`${name}: a workspace: or catalog: version reached the tarball`);
  for (const field of ['license', 'repository', 'homepage', 'bugs', 'author', 'keywords']) {
    if (manifest[field] === undefined) fail(`${name}: no "${field}" in the published manifest`);
  }
  const shipped = new Set(files);
  for (const target of exportTargets(manifest.exports)) {
    if (!shipped.has(target.replace(/^\.\//, '')))
      fail(`${name}: exports name ${target}, not in the tarball`);
  }
  console.log(`${name}: ${files.length} files, LICENSE and README.md shipped, exports all present`);
}

/** The exports map as published: the in-repository `@uacce/source` condition removed. */
function withoutSourceCondition(exports) {
  if (exports === null || typeof exports !== 'object') return exports;
  return Object.fromEntries(
    Object.entries(exports)
      .filter(([condition]) => condition !== '@uacce/source')
      .map(([condition, target]) => [condition, withoutSourceCondition(target)]),
  );
}

function exportTargets(exports) {
  if (typeof exports === 'string') return [exports];
  if (exports === null || typeof exports !== 'object') return [];
  return Object.values(exports).flatMap(exportTargets);
}

async function checkPublint(name, tarball) {
  const { messages, pkg } = await publint({
    pack: { tarball: readFileSync(tarball).buffer },
    level: 'suggestion',
  });
  if (messages.length === 0) console.log(`${name}: publint: no message`);
  for (const message of messages) fail(`${name}: publint ${message.type}: ${formatMessage(message, pkg)}`);
}

function checkAttw(name, tarball) {
  const attw = join(dirname(require.resolve('@arethetypeswrong/cli/package.json')), 'dist/index.js');
  const result = run(process.execPath, [attw, tarball, '--format', 'ascii', '--no-color'], {
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  console.log(`${name}: attw\n${result.output}`);
  if (result.status !== 0) fail(`${name}: @arethetypeswrong/cli reports problems (exit ${result.status})`);
}

/** A fresh npm project outside the workspace with every tarball installed (scripts off: types and the software path need no addon). */
function installConsumer(folder, tarballs) {
  mkdirSync(folder, { recursive: true });
  const local = Object.fromEntries([...tarballs].map(([name, path]) => [name, `file:${path}`]));
  writeFileSync(
    join(folder, 'package.json'),
    `${JSON.stringify(
      {
        name: 'uacce-consumer',
        private: true,
        dependencies: { ...local, '@types/node': catalog['@types/node'] },
        // The tarballs depend on each other by version: resolve those to the tarballs, not the registry.
        overrides: local,
      },
      null,
      2,
    )}\n`,
  );
  for (const [file, text] of Object.entries(consumerFiles)) writeFileSync(join(folder, file), text);
  const result = run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: folder,
  });
  if (result.status !== 0) throw new Error(`npm install of the tarballs failed:\n${result.output}`);
}

function compileConsumers(folder) {
  const tsc = join(dirname(require.resolve('typescript/package.json')), 'bin/tsc');
  for (const [project, config] of Object.entries(consumerProjects)) {
    const file = `tsconfig.${project}.json`;
    writeFileSync(join(folder, file), `${JSON.stringify(config, null, 2)}\n`);
    const result = run(process.execPath, [tsc, '-p', file], { cwd: folder });
    if (result.status === 0) console.log(`tsc ${project} (${config.files.join(', ')}): ok`);
    else fail(`tsc ${project}:\n${result.output}`);
  }
}

function runConsumers(folder) {
  // A sysfs root with no device: the software path, whatever the machine has.
  mkdirSync(join(folder, 'sysfs-empty'));
  for (const file of ['run-esm.mjs', 'run-cjs.cjs']) runConsumer(folder, file, 'sysfs-empty');
  // @uacce/native is optional (npm --omit=optional, or a platform it cannot be installed on):
  // without it the software path still works, and where a device seems present (a sysfs entry
  // named like one) the hardware attempt falls back to software instead of failing.
  rmSync(join(folder, 'node_modules/@uacce/native'), { recursive: true, force: true });
  writeDevice(join(folder, 'sysfs-device/hisi_zip-0'));
  runConsumer(folder, 'run-without-native.mjs', 'sysfs-device');
}

/** The sysfs attributes of one v2 ZIP device (docs/hardware.md §1.2), enough for discovery to accept it. */
function writeDevice(directory) {
  mkdirSync(join(directory, 'device'), { recursive: true });
  const attributes = {
    api: 'hisi_qm_v2',
    flags: '1',
    available_instances: '64',
    algorithms: 'zlib\ngzip',
    region_mmio_size: '8192',
    region_dus_size: '151552',
    isolate: '0',
    'device/numa_node': '0',
  };
  for (const [name, value] of Object.entries(attributes)) writeFileSync(join(directory, name), `${value}\n`);
}

function runConsumer(folder, file, sysfs) {
  const env = { ...process.env, UACCE_SYSFS_ROOT: join(folder, sysfs) };
  const result = run(process.execPath, [file], { cwd: folder, env });
  if (result.status === 0) console.log(`node ${file}: ${result.output}`);
  else fail(`node ${file} (exit ${result.status}):\n${result.output}`);
}

async function main() {
  const work = mkdtempSync(join(tmpdir(), 'uacce-publish-'));
  try {
    stage(`pnpm pack (${LIBRARIES.map(({ manifest }) => manifest.name).join(', ')})`);
    const tarballs = pack(join(work, 'tarballs'));
    stage('tarball contents');
    for (const [name, tarball] of tarballs) checkContents(name, tarball);
    stage('publint');
    for (const [name, tarball] of tarballs) await checkPublint(name, tarball);
    stage('@arethetypeswrong/cli');
    for (const [name, tarball] of tarballs) checkAttw(name, tarball);
    stage(`consumer project in ${join(work, 'consumer')}`);
    installConsumer(join(work, 'consumer'), tarballs);
    compileConsumers(join(work, 'consumer'));
    runConsumers(join(work, 'consumer'));
  } finally {
    if (process.env.UACCE_PUBLISH_KEEP === '1') console.log(`kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
  if (failures > 0) {
    console.error(`\n${failures} publishing check(s) failed`);
    process.exit(1);
  }
  console.log('\nevery published package is clean');
}

await main();
