// SPDX-License-Identifier: Apache-2.0
// The system commands these tests spawn (COMMANDS below). On a fresh CI machine (Debian, as root
// or with password-less sudo) a missing one is installed: apt-get update once, then apt-get
// install -y. Anywhere else the run stops here, naming what is missing: a test that needs a
// command never passes, or is skipped, without it.
import { execFileSync } from 'node:child_process';

/** A command, the arguments that make it print its version, and the Debian package with it. */
interface Command {
  name: string;
  probe: string[];
  debianPackage: string;
}

const COMMANDS: Command[] = [{ name: 'gzip', probe: ['--version'], debianPackage: 'gzip' }];

function runs(program: string, args: string[]): boolean {
  try {
    execFileSync(program, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** apt-get as root, or through `sudo -n`; undefined when neither is possible. */
function aptGet(): string[] | undefined {
  if (!runs('apt-get', ['--version'])) return undefined;
  if (process.getuid?.() === 0) return ['apt-get'];
  if (runs('sudo', ['-n', 'true'])) return ['sudo', '-n', 'apt-get'];
  return undefined;
}

export default function setup(): void {
  const missing = COMMANDS.filter((command) => !runs(command.name, command.probe));
  if (missing.length === 0) return;
  const packages = missing.map((command) => command.debianPackage);
  const apt = aptGet();
  if (apt) {
    const [program, ...prefix] = apt as [string, ...string[]];
    const options = {
      stdio: 'inherit' as const,
      timeout: 300_000,
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    };
    execFileSync(program, [...prefix, 'update'], options);
    execFileSync(program, [...prefix, 'install', '-y', '--no-install-recommends', ...packages], options);
  }
  const still = missing.filter((command) => !runs(command.name, command.probe));
  if (still.length > 0) {
    throw new Error(
      `the tests need ${still.map((command) => command.name).join(', ')} on PATH; ` +
        `install ${still.map((command) => command.debianPackage).join(' ')} (apt-get was ${apt ? 'run' : 'not available as root'})`,
    );
  }
}
