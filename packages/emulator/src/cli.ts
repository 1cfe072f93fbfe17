// SPDX-License-Identifier: Apache-2.0
// The `uacce-emulator` command: starts the emulator and prints the environment a client needs.
//
//   uacce-emulator [--dir D] [--devices N] [--api hisi_qm_v2|hisi_qm_v3[,...]] [--queues Q]
//                  [--numa-node M[,...]] [--json] [--exit-with-stdin]
import { parseArgs } from 'node:util';
import type { DeviceApi } from './device';
import { runEmulator } from './run-emulator';

const USAGE = `usage: uacce-emulator [--dir D] [--devices N] [--api hisi_qm_v2|hisi_qm_v3[,...]] [--queues Q]
                      [--numa-node M[,...]] [--json] [--exit-with-stdin]
  lists give one value per device, cycled`;

function optionalInteger(text: string | undefined): number | undefined {
  return text === undefined ? undefined : Number(text);
}

/** "a,b,c" → a list (one entry per device, cycled). */
function optionalList(text: string | undefined): string[] | undefined {
  return text === undefined ? undefined : text.split(',');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      dir: { type: 'string' },
      devices: { type: 'string' },
      api: { type: 'string' },
      queues: { type: 'string' },
      'numa-node': { type: 'string' },
      json: { type: 'boolean', default: false },
      'exit-with-stdin': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const { emulator, ready } = await runEmulator({
    dir: values.dir,
    devices: optionalInteger(values.devices),
    api: optionalList(values.api) as DeviceApi[] | undefined,
    queuesPerDevice: optionalInteger(values.queues),
    numaNode: optionalList(values['numa-node'])?.map(Number),
  });
  // SIGTERM, SIGINT or the parent going away: stop serving and remove what we created.
  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    void emulator
      .close()
      .then(() => emulator.removeFiles())
      .finally(() => process.exit(0));
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  if (values['exit-with-stdin']) {
    // The parent holds our stdin: when it goes away, so do we (no orphaned emulators).
    process.stdin.on('end', shutdown);
    process.stdin.on('error', shutdown);
    process.stdin.resume();
  }
  if (values.json) {
    console.log(JSON.stringify({ ready: true, ...ready }));
    return;
  }
  console.log(`# uacce emulator ready (pid ${ready.pid}) in ${ready.dir}`);
  for (const [name, value] of Object.entries(ready.env)) console.log(`export ${name}=${value}`);
}

main().catch((error: unknown) => {
  const code = (error as { code?: unknown }).code;
  console.error(
    `uacce-emulator: ${(error as Error).message ?? String(error)}${code ? ` (${String(code)})` : ''}`,
  );
  if (typeof code === 'string' && /^ERR_(INVALID_ARG|OUT_OF_RANGE|PARSE_ARGS)/.test(code))
    console.error(USAGE);
  process.exit(2);
});
