// SPDX-License-Identifier: Apache-2.0
// A vitest global setup for tests that spawn system commands: a missing command is installed
// from Debian (tooling/system-packages), and where that cannot be done the run stops here,
// naming it, so a test that needs a command never passes, or is skipped, without it.
import { ensureCommands, type SystemCommand } from '../system-packages/index.mjs';

/** A global setup that makes every command in `commands` runnable, or throws naming the missing. */
export function requireCommands(commands: SystemCommand[]): () => void {
  return () => {
    const { missing, reason } = ensureCommands(commands, (message) =>
      process.stderr.write(`test setup: ${message}\n`),
    );
    if (missing.length === 0) return;
    const names = missing.map((command) => command.name).join(', ');
    const packages = missing.map((command) => command.debianPackage).join(' ');
    throw new Error(`the tests need ${names} on PATH; install ${packages}${reason ? ` (${reason})` : ''}`);
  };
}
