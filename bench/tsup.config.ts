import { defineConfig } from 'tsup';

// Two programs: the runner (`pnpm bench`) and the child each contender runs in.
export default defineConfig({
  entry: ['src/run.ts', 'src/child.ts'],
  format: ['esm'],
  dts: false,
  clean: true,
  sourcemap: true,
  target: 'node20',
});
