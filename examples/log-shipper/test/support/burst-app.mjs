// SPDX-License-Identifier: Apache-2.0
// An application logging in a burst through the built transport in pino's worker thread, with
// the README's batch options. argv: collector URL, spool directory, lines per second, seconds.
// Prints the number of lines logged, then ends the transport (the process exits once it closed).
import pino from 'pino';

const [url, spoolDir, rate, seconds] = process.argv.slice(2);
const transport = pino.transport({
  target: new URL('../../dist/index.js', import.meta.url).pathname,
  options: {
    url,
    spoolDir,
    maxBatchBytes: 1024 * 1024,
    maxBatchLines: 10_000,
    maxBatchAgeMs: 1000,
    engine: 'auto',
    retries: 2,
    retryBaseMs: 50,
    retryMaxMs: 500,
    spoolRetryMs: 200,
  },
});
const logger = pino({ base: undefined }, transport);
const perTick = Number(rate) / 100;
const ticks = Number(seconds) * 100;
const started = Date.now();
let logged = 0;
for (let tick = 0; tick < ticks; tick += 1) {
  // Keep to the wall clock: 10 ms ticks, each logging its share of the second.
  const wait = started + tick * 10 - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  for (let line = 0; line < perTick; line += 1) {
    logger.info(
      { index: logged, user: logged % 977, path: '/api/orders', ms: logged % 250 },
      'request served',
    );
    logged += 1;
  }
}
process.stdout.write(`${JSON.stringify({ logged, ms: Date.now() - started })}\n`);
transport.end();
