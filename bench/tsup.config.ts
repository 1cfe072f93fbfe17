import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ["src/run.ts"],
  format: ['esm', 'cjs'],
  dts: false,
  clean: true,
  sourcemap: true,
  shims: true,
  target: 'node20',
});
