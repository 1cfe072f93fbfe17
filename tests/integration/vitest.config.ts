// SPDX-License-Identifier: Apache-2.0
import { mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared';

// The arm64 run and the packing take minutes on a loaded 2-core machine, not seconds.
export default mergeConfig(shared, {
  test: { testTimeout: 600_000, hookTimeout: 600_000 },
});
