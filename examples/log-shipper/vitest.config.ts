import { mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared';

export default mergeConfig(shared, { test: { globalSetup: ['../../tooling/vitest/build-for-tests.ts'] } });
