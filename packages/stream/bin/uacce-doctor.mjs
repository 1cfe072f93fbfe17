#!/usr/bin/env node
// SPDX-License-Identifier: Apache-2.0
// The uacce-doctor command (built into dist/doctor.js). This launcher is committed so that the
// package manager can link the command before the package is built.
import '../dist/doctor.js';
