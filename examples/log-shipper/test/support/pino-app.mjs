// SPDX-License-Identifier: Apache-2.0
// An application process as users write it: pino with the built transport in a worker thread.
// argv: collector URL, spool directory, line count.
import pino from 'pino';

const [url, spoolDir, count] = process.argv.slice(2);
const transport = pino.transport({
  target: new URL('../../dist/index.js', import.meta.url).pathname,
  options: { url, spoolDir, maxBatchLines: 50, maxBatchAgeMs: 20, engine: 'software' },
});
const logger = pino({ base: undefined }, transport);
for (let index = 0; index < Number(count); index += 1) logger.info({ index }, 'from the worker');
transport.end();
