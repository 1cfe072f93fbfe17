// SPDX-License-Identifier: Apache-2.0
// The quick-start demo as `pnpm demo` runs it: the built dist/demo.js in a child process.
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleLog } from '../src/sample';
import { scratch } from './support/run';

const DEMO = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'demo.js');

function demo(args: string[], input: Buffer | undefined, env: NodeJS.ProcessEnv = {}) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const clean = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !name.startsWith('UACCE_')),
    );
    const child = spawn(process.execPath, [DEMO, ...args], { env: { ...clean, ...env }, timeout: 60_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(input);
  });
}

let dir: string;
let remove: () => Promise<void>;
beforeEach(async () => {
  ({ dir, remove } = await scratch());
});
afterEach(() => remove());

describe('pnpm demo', () => {
  it('runs the built-in sample on the bundled emulator and in software, both round trips ok', async () => {
    const ran = await demo([], undefined);
    expect(ran.status).toBe(0);
    expect(ran.stdout).toContain('built-in sample');
    expect(ran.stdout).toMatch(/emulated hardware \(hisi_zip-\d+\)\s.*round trip ok/);
    // The emulated figures come with the plain statement that they are not the device's speed.
    expect(ran.stdout).toMatch(
      /round trip ok\n {2}\(emulated hardware is a software model of the device: its speed is the emulator's, not the accelerator's\)\n/,
    );
    expect(ran.stdout).toMatch(/\n {2}software\s.*round trip ok/);
    expect(ran.stdout.match(/not the accelerator's/g)).toHaveLength(1);
  });

  it('compresses the file it is given', async () => {
    await writeFile(join(dir, 'access.log'), sampleLog(200_000, 7));
    const ran = await demo([join(dir, 'access.log')], undefined);
    expect(ran.status).toBe(0);
    expect(ran.stdout).toContain('access.log, 195.3 KiB');
    expect(ran.stdout.match(/round trip ok/g)).toHaveLength(2);
  });

  it('compresses stdin when it is piped', async () => {
    const ran = await demo([], sampleLog(100_000, 3));
    expect(ran.status).toBe(0);
    expect(ran.stdout).toContain('stdin, 97.7 KiB');
  });

  it('shows the software path and says why once when the hardware path cannot run', async () => {
    const ran = await demo([], sampleLog(50_000), {
      UACCE_TRANSPORT: 'emulator',
      UACCE_EMULATOR_SOCKET: join(dir, 'no-such.sock'),
      UACCE_SYSFS_ROOT: join(dir, 'no-sysfs'),
    });
    expect(ran.status).toBe(0);
    expect(ran.stdout.match(/hardware path unavailable/g)).toHaveLength(1);
    expect(ran.stdout).toMatch(/\n {2}software\s.*round trip ok/);
    expect(ran.stdout).not.toContain('emulated hardware (');
    expect(ran.stdout).not.toContain("the emulator's, not the accelerator's");
  });

  it('fails with status 1 on a missing file', async () => {
    const ran = await demo([join(dir, 'missing')], undefined);
    expect(ran.status).toBe(1);
    expect(ran.stderr).toContain('ENOENT');
  });
});
