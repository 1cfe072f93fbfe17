// SPDX-License-Identifier: Apache-2.0
// The SDK as arm64 code, on every CI run: the official arm64 Node.js under qemu-user loads the
// arm64 prebuilds and runs native's own test files, then a hardware-path suite of qm, zip and
// stream against the (x86) emulator, asserting the hardware engine served, then the same after an
// injected device fault, asserting the software fallback gave the right bytes.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { type RunningEmulator, startEmulator, ZIP_STATUS } from '@uacce/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCommands, installDebianPackages } from '../../../tooling/system-packages/index.mjs';
import {
  ARM64_DEBIAN_PACKAGES,
  ARM64_LIBRARIES,
  type Arm64Result,
  bundleForArm64,
  repositoryRoot,
  runAll,
  runUnderQemu,
} from '../src/arm64-run';
import { runCommand } from '../src/run-command';

const nativeDir = path.join(repositoryRoot, 'packages', 'native');
const outDir = path.join(repositoryRoot, 'tests', 'integration', '.arm64');
const suiteDir = path.join(repositoryRoot, 'tests', 'integration', 'arm64');
const log = (message: string) => process.stderr.write(`arm64: ${message}\n`);

// native's test files that exercise the addon as arm64 code. install.test.ts is left out (the
// install script's node-gyp logic is JavaScript run by the host), so are process-vm.test.ts and
// binding.test.ts's loader cases: qemu-user does not implement process_vm_readv/writev (the
// emulator, which uses them, runs on the host), and the loader's file choices are host logic.
const nativeTest = (name: string) => path.join(nativeDir, 'test', `${name}.test.ts`);
const NATIVE_GROUPS = {
  native: ['fd', 'region', 'mmio', 'owners', 'poll'].map(nativeTest),
  // Alone: it checks that nothing is mapped before loadNative(), so it needs a fresh process.
  'native-import': [nativeTest('import')],
};
const QEMU_CHILD =
  'starts another Node process, which under qemu-user is a second emulated Node.js: run on x64 only';
const QEMU_SYSCALL =
  'qemu-user answers it with ENOSYS itself (no process_vm_readv, no unknown ioctls): run on x64 only';
const SKIP: Record<string, string> = {
  'refuses a buffer shorter than the size the request encodes, before the call': QEMU_SYSCALL,
  'gives the address the process reads back from itself': QEMU_SYSCALL,
  'is the address of the mapping for a mapping': QEMU_SYSCALL,
  'stops the watch of an owner collected without stop()': QEMU_CHILD,
  'fires for a pipe written by another process, and not before': QEMU_CHILD,
  'watches several fds at once and fires only the one written': QEMU_CHILD,
  'lets a stopping callback stop its own watch': QEMU_CHILD,
  "turns a throw in the callback into an 'uncaughtException'": QEMU_CHILD,
  'does not keep the process alive once unref()ed': QEMU_CHILD,
};
const DEVICE = 'hisi_zip-0';

function report(results: Arm64Result[]): void {
  for (const result of results) {
    log(
      `${path.basename(result.file)}: ${result.passed} passed, ${result.failed} failed, ${result.skipped} skipped in ${result.seconds.toFixed(1)} s`,
    );
    if (result.failed > 0 || result.status !== 0) log(result.output.slice(-6000));
  }
}

function expectAllPassed(results: Arm64Result[]): void {
  for (const result of results) {
    expect({ file: path.basename(result.file), status: result.status, failed: result.failed }).toEqual({
      file: path.basename(result.file),
      status: 0,
      failed: 0,
    });
    expect(result.passed).toBeGreaterThan(0);
  }
}

describe('arm64 under qemu-user', () => {
  let qemu = 'qemu-aarch64';
  beforeAll(async () => {
    const { missing, reason } = ensureCommands(ARM64_DEBIAN_PACKAGES, log);
    const libraries = ARM64_LIBRARIES.filter((library) => !existsSync(library.file));
    const libraryProblem =
      libraries.length > 0
        ? installDebianPackages(
            libraries.map((library) => library.debianPackage),
            log,
          )
        : undefined;
    const stillMissing = [
      ...missing.map((command) => command.debianPackage),
      ...ARM64_LIBRARIES.filter((library) => !existsSync(library.file)).map(
        (library) => library.debianPackage,
      ),
    ];
    if (stillMissing.length > 0) {
      throw new Error(
        `the arm64 run needs ${stillMissing.join(', ')} (${reason ?? libraryProblem ?? 'not installable here'})`,
      );
    }
    qemu = ARM64_DEBIAN_PACKAGES[0]!.name;
    await runCommand(process.execPath, [
      path.join(nativeDir, 'scripts', 'prebuild.mjs'),
      '--arch',
      'arm64',
      '--strict',
    ]);
  });

  let emulator: RunningEmulator | undefined;
  afterAll(async () => {
    await emulator?.stop();
  });

  it("runs native's test files, then the hardware path of qm, zip and stream, on the arm64 prebuild", async () => {
    const started = performance.now();
    const [nativeAll, nativeImport, hardware, fallback] = await bundleForArm64(
      {
        ...NATIVE_GROUPS,
        hardware: [path.join(suiteDir, 'hardware.suite.ts')],
        fallback: [path.join(suiteDir, 'fallback.suite.ts')],
      },
      outDir,
    );
    emulator = await startEmulator({ api: 'hisi_qm_v3', devices: 1 });
    const env = { ...emulator.env, UACCE_ARM64_SKIP: JSON.stringify(SKIP) };
    const results = await runAll(
      qemu,
      [nativeAll as string, hardware as string, nativeImport as string],
      env,
    );
    // Every descriptor now fails with a DMA fault: the same process kind must fall back to software.
    await emulator.faults.failNext(DEVICE, 100_000, ZIP_STATUS.DMA_FAULT);
    results.push(await runUnderQemu(qemu, fallback as string, env));
    report(results);
    const total = results.reduce((sum, result) => sum + result.passed, 0);
    log(`${total} tests passed as arm64 code in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    expectAllPassed(results);
  });
});
