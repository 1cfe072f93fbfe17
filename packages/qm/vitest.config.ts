import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared';

// --expose-gc: the resource tests prove that abandoned pools give their queues back and that
// Buffers named by descriptors stay alive while the device may use them.
export default mergeConfig(
  shared,
  defineConfig({
    test: {
      poolOptions: { forks: { execArgv: ['--expose-gc'] } },
      benchmark: { include: ['bench/**/*.bench.ts'] },
    },
  }),
);
