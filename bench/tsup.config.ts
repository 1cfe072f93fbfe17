import { defineConfig } from 'tsup';

// Three programs: the runner (`pnpm bench`), the child each contender runs in, and the emulator's
// ring against node:zlib (`node bench/dist/emulator-ring.js`).
export default defineConfig({
  entry: ['src/run.ts', 'src/child.ts', 'src/emulator-ring.ts'],
  format: ['esm'],
  dts: false,
  clean: true,
  sourcemap: true,
  target: 'node20',
});
