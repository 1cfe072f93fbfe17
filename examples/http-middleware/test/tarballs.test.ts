// SPDX-License-Identifier: Apache-2.0
// Issue 22: both packages as a user gets them. `pnpm pack` of the library packages and of
// @uacce/http-compression and @uacce/pino-transport, installed from the tarballs into a project
// outside the workspace (registry packages from the local store where it has them), then used
// from ESM and CommonJS and type-checked under nodenext as ESM and as CommonJS.
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';

const run = promisify(execFile);
const HERE = dirname(fileURLToPath(import.meta.url));
const WORKSPACE = join(HERE, '..', '..', '..');
const PACKAGES = [
  '@uacce/abi',
  '@uacce/native',
  '@uacce/qm',
  '@uacce/zip',
  '@uacce/stream',
  '@uacce/http-compression',
  '@uacce/pino-transport',
];
const PNPM = ['--yes', 'pnpm@10.34.8'];

let root: string;
let app: string;

function tarball(name: string): string {
  return join(root, 'tarballs', `${name.slice(1).replace('/', '-')}-0.1.0.tgz`);
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'uacce-tarballs-'));
  app = join(root, 'app');
  await mkdir(app);
  await run(
    'npx',
    [
      ...PNPM,
      '-r',
      ...PACKAGES.flatMap((name) => ['--filter', name]),
      'pack',
      '--pack-destination',
      join(root, 'tarballs'),
    ],
    { cwd: WORKSPACE, timeout: 240_000 },
  );
  const library = PACKAGES.slice(0, 5);
  const manifest = {
    name: 'consumer',
    private: true,
    type: 'module',
    dependencies: {
      '@uacce/http-compression': `file:${tarball('@uacce/http-compression')}`,
      '@uacce/pino-transport': `file:${tarball('@uacce/pino-transport')}`,
      express: '5.1.0',
      pino: '10.1.0',
      '@types/node': '20.19.25',
      typescript: '5.9.3',
    },
    // The library packages the two depend on (at their version) come from the tarballs too.
    pnpm: { overrides: Object.fromEntries(library.map((name) => [name, `file:${tarball(name)}`])) },
  };
  await writeFile(join(app, 'package.json'), JSON.stringify(manifest, null, 2));
  for (const name of await readdir(join(HERE, 'consumer'))) {
    await copyFile(join(HERE, 'consumer', name), join(app, name));
  }
  // No build scripts are approved (pnpm 10's default): the software path, as for most users.
  await run('npx', [...PNPM, 'install', '--prefer-offline', '--ignore-workspace'], {
    cwd: app,
    timeout: 300_000,
    env: { ...process.env, CI: 'true' },
  });
}, 600_000);
afterAll(() => (root ? rm(root, { recursive: true, force: true }) : undefined));

async function linesIn(dir: string): Promise<number[]> {
  const indexes: number[] = [];
  for (const name of (await readdir(dir)).sort()) {
    await run('gzip', ['-t', join(dir, name)]);
    const text = gunzipSync(await readFile(join(dir, name))).toString();
    for (const line of text.split('\n'))
      if (line) indexes.push((JSON.parse(line) as { index: number }).index);
  }
  return indexes;
}

it('ships only dist, the README and package.json', async () => {
  for (const name of ['@uacce/http-compression', '@uacce/pino-transport']) {
    const { stdout } = await run('tar', ['tzf', tarball(name)]);
    const files = stdout.split('\n').filter(Boolean);
    // A LICENSE is welcome; nothing else outside dist/ (no sources, tests or build logs).
    const rest = files.filter((file) => !file.startsWith('package/dist/') && file !== 'package/LICENSE');
    expect(rest.sort()).toEqual(['package/README.md', 'package/package.json']);
    expect(files).toContain('package/dist/index.d.cts');
  }
});

it('type-checks as ESM and as CommonJS under module nodenext', async () => {
  const tsc = join(app, 'node_modules', 'typescript', 'bin', 'tsc');
  const flags = [
    '--noEmit',
    '--strict',
    '--module',
    'nodenext',
    '--moduleResolution',
    'nodenext',
    '--types',
    'node',
  ];
  await expect(
    run(process.execPath, [tsc, ...flags, 'types.mts', 'types.cts'], { cwd: app }),
  ).resolves.toBeDefined();
}, 120_000);

it('works from require()', async () => {
  const { stdout } = await run(process.execPath, ['cjs.cjs'], { cwd: app });
  expect(JSON.parse(stdout)).toEqual({
    compression: 'function',
    filter: 'function',
    prometheus: true,
    HttpShipper: 'function',
    transport: 'function',
    file: 'function',
    RotatingGzipFile: 'function',
  });
});

it('compresses with gzip and brotli, exports metrics, ships logs and writes gzip files from import', async () => {
  const data = join(root, 'data');
  const { stdout } = await run(process.execPath, ['esm.mjs', data], { cwd: app, timeout: 120_000 });
  const report = JSON.parse(stdout) as Record<string, { encoding: string; engine: string; same: boolean }> & {
    metrics: string;
    shipped: number;
  };
  expect(report.gzip).toMatchObject({ encoding: 'gzip', same: true });
  // No device here, and no addon (build scripts not approved): 'auto' says why it used software.
  expect(report.gzip!.engine).toMatch(/^software; reason=\S+$/);
  expect(report.br).toEqual({ encoding: 'br', engine: 'software', same: true });
  expect(report.metrics).toMatch(
    /^uacce_http_compressed_responses_total\{coding="br",engine="software"\} 1$/m,
  );
  expect(report.metrics).toMatch(/^uacce_stream_streams_total\{engine="software"\} [1-9]/m);
  expect(report.shipped).toBe(1000);
  const all = Array.from({ length: 1000 }, (_, index) => index);
  expect(await linesIn(join(data, 'target'))).toEqual(all);
  // The in-process sink was never closed: its exit hook finished the file.
  expect(await linesIn(join(data, 'in-process'))).toEqual(all);
}, 180_000);
