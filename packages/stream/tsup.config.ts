import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.shared';

export default defineConfig([
  libraryBuild(['src/index.ts']),
  {
    // The uacce-doctor command: loads this package (and zip, native) by name, lazily.
    entry: { doctor: 'src/doctor/cli.ts' },
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    external: ['@uacce/stream', '@uacce/zip', '@uacce/native'],
  },
  {
    // The browser entry: no node: imports, pako and @uacce/abi left to the application's bundler
    // (ESM, and CJS for `require('@uacce/stream/browser')`, each with its own declarations).
    entry: { browser: 'src/browser.ts' },
    format: ['esm', 'cjs'],
    platform: 'browser',
    dts: true,
    sourcemap: true,
    target: 'es2022',
  },
]);
