// SPDX-License-Identifier: Apache-2.0
// The system commands these tests spawn: installed from Debian when missing, or the run stops.
import { requireCommands } from '../../../../tooling/vitest/require-commands';

export default requireCommands([{ name: 'curl', probe: ['--version'], debianPackage: 'curl' }]);
