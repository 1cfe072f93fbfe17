#!/usr/bin/env node
// SPDX-License-Identifier: Apache-2.0
// The `uacce-doctor` command: prints each check as it completes; exit status 0 when the hardware
// path works, 1 otherwise.
import { formatCheck, runDoctor } from './doctor';

const report = await runDoctor({ onCheck: (check) => process.stdout.write(formatCheck(check)) });
process.stdout.write(
  report.ok
    ? 'uacce-doctor: the hardware path works\n'
    : 'uacce-doctor: the hardware path does not work (see FAIL above)\n',
);
process.exitCode = report.ok ? 0 : 1;
