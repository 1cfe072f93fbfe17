// SPDX-License-Identifier: Apache-2.0
// The `uacce-emulator` command as a user runs it (README "Run your application's hardware path on
// the emulator"): it prints the exports a client needs, serves until SIGTERM, then exits 0 and
// takes its sockets with it; bad arguments exit 2.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/uacce-emulator.js', import.meta.url));
const parent = mkdtempSync(join(tmpdir(), 'uacce-emulator-cli-'));

afterAll(() => {
  rmSync(parent, { recursive: true, force: true });
});

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Collects stdout until `count` lines starting with "export " have arrived. */
function exportsOf(child: ChildProcess, count: number): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const lines = text.split('\n').filter((line) => line.startsWith('export '));
      if (lines.length < count) return;
      resolve(
        Object.fromEntries(
          lines.map((line) => {
            const [name, ...value] = line.slice('export '.length).split('=');
            return [name!, value.join('=')];
          }),
        ),
      );
    });
    child.once('exit', (code) => reject(new Error(`exited ${code} before it was ready`)));
  });
}

describe('uacce-emulator command', () => {
  it('prints the client environment, serves it, and exits 0 on SIGTERM removing its sockets', async () => {
    const dir = join(parent, 'run');
    const child = spawn(process.execPath, [BIN, '--dir', dir, '--devices', '2', '--queues', '3'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const done = exited(child);
    const env = await exportsOf(child, 3);
    expect(env.UACCE_TRANSPORT).toBe('emulator');
    expect(env.UACCE_EMULATOR_SOCKET).toBe(join(dir, 'uacce.sock'));
    expect(env.UACCE_SYSFS_ROOT).toBe(join(dir, 'sys', 'class', 'uacce'));
    expect(existsSync(env.UACCE_EMULATOR_SOCKET!)).toBe(true);
    for (const device of ['hisi_zip-0', 'hisi_zip-1'])
      expect(readFileSync(join(env.UACCE_SYSFS_ROOT!, device, 'available_instances'), 'utf8')).toBe('3\n');
    child.kill('SIGTERM');
    expect(await done).toBe(0);
    expect(existsSync(env.UACCE_EMULATOR_SOCKET!)).toBe(false);
  });

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'without --dir, removes its own /tmp/uacce-emulator-* directory on %s',
    async (signal) => {
      const child = spawn(process.execPath, [BIN, '--queues', '2'], { stdio: ['ignore', 'pipe', 'inherit'] });
      const done = exited(child);
      const env = await exportsOf(child, 3);
      const dir = join(env.UACCE_EMULATOR_SOCKET!, '..');
      expect(dir.startsWith(join(tmpdir(), 'uacce-emulator-'))).toBe(true);
      expect(existsSync(join(dir, 'regions'))).toBe(true);
      child.kill(signal);
      expect(await done).toBe(0);
      expect(existsSync(dir)).toBe(false);
    },
  );

  it('a plain script that awaits faults.devices() gets its answer and exits by itself', async () => {
    const index = fileURLToPath(new URL('../dist/index.js', import.meta.url));
    const script = `
      import { startEmulator } from ${JSON.stringify(index)};
      const emulator = await startEmulator({ devices: 2 });
      const devices = await emulator.faults.devices();
      console.log(devices.map((device) => device.name).join(','));
      await emulator.faults.queues('hisi_zip-1');
      await emulator.stop();
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    expect(await exited(child)).toBe(0);
    expect(output.trim()).toBe('hisi_zip-0,hisi_zip-1');
  });

  it.each([[['--devices', '0']], [['--api', 'hisi_qm_v1']], [['--no-such-flag']]])(
    'refuses %j with exit status 2',
    async (args) => {
      const child = spawn(process.execPath, [BIN, '--dir', join(parent, 'bad'), ...args], {
        stdio: ['ignore', 'ignore', 'ignore'],
      });
      expect(await exited(child)).toBe(2);
    },
  );
});
