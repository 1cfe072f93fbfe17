// SPDX-License-Identifier: Apache-2.0
// An application logging to the rotating gzip file sink, then exiting normally without closing
// anything (or running until it is killed). argv: mode ('in-process' or 'target'), directory, line
// count (0: log until killed). Prints `logged <n>` after every 1000 lines (stdout is a pipe:
// synchronous on Linux, so a printed count was logged before any kill).
import pino from 'pino';

const [mode, dir, count] = process.argv.slice(2);
const options = { dir, name: 'app', segmentBytes: 64 * 1024, maxPendingBytes: 256 * 1024 };
const destination =
  mode === 'target'
    ? pino.transport({ target: new URL('../../dist/file.js', import.meta.url).pathname, options })
    : (await import(new URL('../../dist/file.js', import.meta.url).pathname)).default(options);
const logger = pino({ base: undefined }, destination);
const total = Number(count) || Number.POSITIVE_INFINITY;
for (let index = 0; index < total; ) {
  for (const end = Math.min(index + 1000, total); index < end; index += 1) {
    logger.info({ index, user: index % 977, path: '/api/orders' }, 'request served');
  }
  process.stdout.write(`logged ${index}\n`);
  // Let timers and compression run between bursts, as a real application does.
  await new Promise((resolve) => setImmediate(resolve));
}
