// SPDX-License-Identifier: Apache-2.0
// A child process awaited without blocking the event loop (a test worker that blocks for minutes
// in spawnSync misses vitest's RPC deadlines).
import { spawn } from 'node:child_process';

export interface CommandResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `command`, resolving with its output; rejects, with the output, unless it exits 0. */
export function runCommand(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (status) => {
      if (status === 0) resolve({ status, stdout, stderr });
      else reject(new Error(`${command} ${args.join(' ')} failed (${status}):\n${stdout}\n${stderr}`));
    });
  });
}
