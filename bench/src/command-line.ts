// SPDX-License-Identifier: Apache-2.0
// The benchmark command's arguments. `pnpm bench -- --smoke` hands the script a literal `--`, after
// which node:util's parseArgs would take `--smoke` as a positional and start the 20-minute full run;
// so a `--` is dropped, and anything unknown is an error rather than a silent full run.
import { parseArgs } from 'node:util';

export interface CommandLine {
  smoke: boolean;
  out?: string;
  render?: string;
}

/** Parses `[--smoke] [--out <dir>] [--render <latest.json>]`; throws ERR_PARSE_ARGS_* on anything else. */
export function parseCommandLine(args: readonly string[], env: NodeJS.ProcessEnv = {}): CommandLine {
  const { values } = parseArgs({
    args: args.filter((arg) => arg !== '--'),
    options: {
      smoke: { type: 'boolean', default: false },
      out: { type: 'string' },
      render: { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  return {
    smoke: values.smoke === true || env.BENCH_SMOKE === '1',
    ...(values.out === undefined ? {} : { out: values.out }),
    ...(values.render === undefined ? {} : { render: values.render }),
  };
}
