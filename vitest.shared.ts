// SPDX-License-Identifier: Apache-2.0
// Shared vitest settings: workspace packages resolve to their TypeScript sources through the
// "@uacce/source" export condition, so a package's tests never wait for its dependencies' builds.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@uacce/source'] },
  ssr: { resolve: { conditions: ['@uacce/source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
