// SPDX-License-Identifier: Apache-2.0
// Bundles a test entry the way a web application would: esbuild with platform 'browser', so a
// node: import anywhere in the graph fails the build instead of reaching the browser.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

/** The part of esbuild's API used here (esbuild is not a direct dependency, so no types). */
interface Esbuild {
  build(options: Record<string, unknown>): Promise<{ outputFiles: { text: string }[] }>;
}

/** The bundled code of `entry` for the browser; `options` adds to or overrides esbuild's. */
export async function bundleForBrowser(entry: string, options: Record<string, unknown>): Promise<string> {
  // esbuild ships with tsup (a root dev dependency); resolve it from there.
  const require = createRequire(import.meta.url);
  const esbuild = require(
    require.resolve('esbuild', { paths: [dirname(require.resolve('tsup'))] }),
  ) as Esbuild;
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    ...options,
  });
  return result.outputFiles[0]!.text;
}
