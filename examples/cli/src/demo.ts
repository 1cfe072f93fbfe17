// SPDX-License-Identifier: Apache-2.0
// Entry point of `pnpm demo` (node examples/cli/dist/demo.js [file]): running is what importing
// this file is for.
import { runDemo } from './demo-main';
import { processIo } from './io';

// A reader that went away (`| head`) ends the program quietly, as gzip does on SIGPIPE; other
// stdout errors reach the pipeline that was writing, which reports them.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
});

runDemo(process.argv.slice(2), processIo()).then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    process.stderr.write(
      `demo: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
