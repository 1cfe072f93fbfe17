// SPDX-License-Identifier: Apache-2.0
// The quick-start demo: compress a file, stdin or a built-in sample through @uacce/stream on the
// hardware path (a device, or the bundled emulator) and on the software path, and show both.

import { prepareHardware } from './demo-hardware';
import { chooseInput, type DemoInput } from './demo-input';
import { type RoundTrip, roundTrip } from './demo-run';
import type { CliIo } from './io';
import { formatRate, formatSize } from './throughput';

/** Said next to the emulated figures: they measure the emulator, not the accelerator. */
export const EMULATED_SPEED =
  "(emulated hardware is a software model of the device: its speed is the emulator's, not the accelerator's)";

const USAGE = 'usage: node examples/cli/dist/demo.js [file]   (or pipe data on stdin)\n';

function row(result: RoundTrip): string {
  const who = result.device ? `${result.label} (${result.device})` : result.label;
  const ratio = result.bytesOut > 0 ? (result.bytesIn / result.bytesOut).toFixed(2) : '-';
  return [
    `  ${who.padEnd(32)}`,
    `${formatSize(result.bytesIn)} -> ${formatSize(result.bytesOut)}`.padEnd(24),
    `ratio ${ratio.padStart(6)}`,
    `  compress ${formatRate(result.bytesIn, result.compressNs).padStart(12)}`,
    `  decompress ${formatRate(result.bytesIn, result.decompressNs).padStart(12)}`,
    `  ${result.ok ? 'round trip ok' : 'ROUND TRIP FAILED'}`,
  ].join('');
}

async function hardwareRow(input: DemoInput, io: CliIo): Promise<RoundTrip | undefined> {
  const result = await roundTrip(input, 'hardware');
  if (result.label !== 'software') return result;
  // Asked for hardware, served by software: say why once, and let the software row speak for it.
  io.stdout.write(
    `  hardware path unavailable (${result.fallbackReason ?? 'unknown reason'}); software only\n`,
  );
  return result.ok ? undefined : result;
}

/** Runs the demo; returns 0 when every round trip matched, 1 otherwise. */
export async function runDemo(argv: readonly string[], io: CliIo): Promise<0 | 1> {
  if (argv.includes('-h') || argv.includes('--help') || argv.length > 1) {
    io.stdout.write(USAGE);
    return argv.length > 1 ? 1 : 0;
  }
  let input: DemoInput;
  try {
    input = await chooseInput(argv[0], io.stdin);
  } catch (error) {
    io.stderr.write(`demo: ${argv[0]}: ${(error as { code?: string }).code ?? String(error)}\n`);
    return 1;
  }
  io.stdout.write(
    `@uacce demo: ${input.label}, ${formatSize(input.size)}, gzip level 6 through @uacce/stream\n`,
  );
  if (input.note) io.stdout.write(`  (${input.note})\n`);
  const hardware = await prepareHardware(io.env);
  io.stdout.write(`  ${hardware.note}\n`);
  const results: RoundTrip[] = [];
  try {
    if (hardware.kind !== 'none') {
      const result = await hardwareRow(input, io);
      if (result) {
        io.stdout.write(`${row(result)}\n`);
        if (result.label === 'emulated hardware') io.stdout.write(`  ${EMULATED_SPEED}\n`);
        results.push(result);
      }
    }
    const software = await roundTrip(input, 'software');
    io.stdout.write(`${row(software)}\n`);
    results.push(software);
  } finally {
    await hardware.release();
  }
  return results.every((result) => result.ok) ? 0 : 1;
}
