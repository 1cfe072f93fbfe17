// SPDX-License-Identifier: Apache-2.0
// The build every package shares (one place to change the target or the formats): ESM + CJS +
// `.d.ts` for Node 20, with shims so `import.meta.url` and `__dirname` work in both formats.
// Every @uacce package stays external, optional dependencies too (tsup bundles those by default):
// each is one installed module, loaded once.
import type { Options } from 'tsup';

/** tsup options for a package whose entry points are `entry`; `overrides` win. */
export function libraryBuild(entry: Options['entry'], overrides: Options = {}): Options {
  return {
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: true,
    shims: true,
    target: 'node20',
    external: [/^@uacce\//],
    ...overrides,
  };
}
