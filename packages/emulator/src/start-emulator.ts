// SPDX-License-Identifier: Apache-2.0
// startEmulator(): runs the emulator as a child process (node dist/cli.js) and resolves when it
// is serving. The child exits when our stdin pipe to it closes, so it never outlives us.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { UacceDeviceError } from '@uacce/abi';
import { ControlClient } from './control-client';
import { createFaults, type EmulatorFaults } from './faults';
import { type EmulatorOptions, resolveOptions } from './options';
import type { EmulatorEnv, ReadyReport } from './run-emulator';

export interface RunningEmulator {
  dir: string;
  env: EmulatorEnv;
  sysfsRoot: string;
  socketPath: string;
  controlPath: string;
  pid: number;
  faults: EmulatorFaults;
  /** Stops the process and removes the directory; idempotent. */
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 15_000;
const STOP_GRACE_MS = 3_000;

function cliPath(): string {
  // dist/index.js sits next to dist/cli.js; from the sources (tests) the built CLI is ../dist.
  const candidates = ['./cli.js', '../dist/cli.js'].map((relative) =>
    fileURLToPath(new URL(relative, import.meta.url)),
  );
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) {
    throw new UacceDeviceError(
      'ERR_UACCE_TRANSPORT',
      `the emulator is not built (tried ${candidates.join(', ')})`,
    );
  }
  return found;
}

function cliArguments(options: EmulatorOptions): string[] {
  const resolved = resolveOptions(options);
  const args = [
    '--json',
    '--exit-with-stdin',
    '--devices',
    String(resolved.devices),
    '--api',
    resolved.apis.join(','),
  ];
  args.push('--queues', String(resolved.queuesPerDevice), '--numa-node', resolved.numaNodes.join(','));
  if (resolved.dir !== undefined) args.push('--dir', resolved.dir);
  return args;
}

function waitReady(child: ChildProcess): Promise<ReadyReport> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const fail = (reason: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(
        new UacceDeviceError('ERR_UACCE_TRANSPORT', `emulator did not start: ${reason} ${stderr.trim()}`),
      );
    };
    const timer = setTimeout(() => fail('timed out'), READY_TIMEOUT_MS);
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const newline = stdout.indexOf('\n');
      if (newline < 0) return;
      clearTimeout(timer);
      try {
        resolve(JSON.parse(stdout.slice(0, newline)) as ReadyReport);
      } catch {
        fail('unreadable ready line');
      }
    });
    child.once('exit', (code, signal) => fail(`exited (${code ?? signal})`));
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Spawns an emulator process and resolves when it serves. Throws UacceArgumentError for bad
 * options and UacceDeviceError ERR_UACCE_TRANSPORT when the process cannot start (not built,
 * native addon missing).
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const child = spawn(process.execPath, [cliPath(), ...cliArguments(options)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const ready = await waitReady(child);
  child.stdout!.resume();
  child.stderr!.resume();
  // The emulator does not keep its parent alive: when the parent exits, the stdin pipe closes
  // and the emulator exits with it (--exit-with-stdin).
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr])
    (stream as unknown as { unref?(): void }).unref?.();
  const control = new ControlClient(ready.controlPath);
  const kill = async () => {
    child.kill('SIGKILL');
    await exited(child);
  };
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      control.close();
      child.kill('SIGTERM');
      const grace = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited(child);
      clearTimeout(grace);
      child.stdin?.destroy();
      rmSync(ready.dir, { recursive: true, force: true });
    })();
    return stopping;
  };
  return {
    dir: ready.dir,
    env: ready.env,
    sysfsRoot: ready.sysfsRoot,
    socketPath: ready.socketPath,
    controlPath: ready.controlPath,
    pid: ready.pid,
    faults: createFaults(control, kill),
    stop,
  };
}
