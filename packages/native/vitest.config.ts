// SPDX-License-Identifier: Apache-2.0
import { mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared';

// --expose-gc: the resource tests force collections to prove finalizers release mappings.
export default mergeConfig(shared, {
  test: { poolOptions: { forks: { execArgv: ['--expose-gc'] } } },
});
