// SPDX-License-Identifier: Apache-2.0
// The curl tests need the curl command; install it from Debian when missing and we are root.
import { execFileSync } from 'node:child_process';

function hasCurl(): boolean {
  try {
    execFileSync('curl', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export default function setup(): void {
  if (hasCurl() || process.getuid?.() !== 0) return;
  execFileSync('sh', ['-c', 'apt-get update && apt-get install -y curl'], {
    stdio: 'ignore',
    timeout: 300_000,
  });
}
