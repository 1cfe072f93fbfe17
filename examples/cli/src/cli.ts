// SPDX-License-Identifier: Apache-2.0
// Entry point of the `uacce-gzip` command (bin/uacce-gzip.js imports the built file): unlike a
// library module, running is what importing it is for.
import { processIo } from './io';
import { main } from './main';

// A reader that went away (`| head`) ends the program quietly, as gzip does on SIGPIPE; other
// stdout errors reach the pipeline that was writing, which reports them.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(1);
});

// Should the run ever stop with work still pending (nothing left for the event loop), that is a
// failure, not a success.
process.exitCode = 1;
main(process.argv.slice(2), processIo()).then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    process.stderr.write(
      `uacce-gzip: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
