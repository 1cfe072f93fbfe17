// SPDX-License-Identifier: Apache-2.0
// Headless Chromium for the browser test: the Debian package, installed when missing through the
// workspace's one apt-get installer (tooling/system-packages: serialized with the other packages'
// test setups, which turbo runs at the same time), driven by playwright-core with a fresh profile.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { installDebianPackages } from '../../../../tooling/system-packages/index.mjs';

export const CHROMIUM = '/usr/bin/chromium';

/** Installs Chromium when missing; undefined when it is there, else why it cannot be had. */
export function ensureChromium(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  const reason = installDebianPackages(['chromium'], (message) =>
    process.stderr.write(`browser test: ${message}\n`),
  );
  if (existsSync(CHROMIUM)) return undefined;
  return reason ?? `apt-get installed chromium but ${CHROMIUM} is missing`;
}

/** Launches headless Chromium with a fresh user-data-dir; close() also removes the profile. */
export async function launchChromium(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'uacce-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
