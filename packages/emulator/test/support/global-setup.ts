// SPDX-License-Identifier: Apache-2.0
// The system commands these tests spawn: the C compiler that builds the hardware-protocol client
// (test/hw-client), installed from Debian when missing, or the run stops.
import { requireCommands } from '../../../../tooling/vitest/require-commands';

export default requireCommands([{ name: 'cc', probe: ['--version'], debianPackage: 'gcc' }]);
