// SPDX-License-Identifier: Apache-2.0
/** A command, the arguments that make it exit 0 (a version probe), and the Debian package with it. */
export interface SystemCommand {
  name: string;
  probe: string[];
  debianPackage: string;
}

/** True when `program args...` starts and exits 0. */
export function commandRuns(program: string, args: string[]): boolean;

/** apt-get update + install -y under the workspace's apt lock; undefined on success, else why not. */
export function installDebianPackages(
  packages: string[],
  log?: (message: string) => void,
): string | undefined;

/** Installs the Debian packages of missing commands; returns those still missing and why. */
export function ensureCommands(
  commands: SystemCommand[],
  log?: (message: string) => void,
): { missing: SystemCommand[]; reason?: string };
