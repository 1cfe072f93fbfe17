// SPDX-License-Identifier: Apache-2.0
// A consumer of the packed tarballs, as its README shows them (run from a project outside the
// workspace). argv: a directory for the file sink and the spool. Prints one JSON report.

import { fork } from 'node:child_process';
import { once } from 'node:events';
import { get } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { compression, metricsHandler } from '@uacce/http-compression';
import { createFileTransport as inProcessFile } from '@uacce/pino-transport/file';
import express from 'express';
import pino from 'pino';

const [dir] = process.argv.slice(2);
const report = {};

// The middleware, with the README's options, on Express.
const app = express();
app.get('/metrics', metricsHandler());
app.use(
  compression({
    engineHeader: true,
    filter: (req, res) => !req.headers['x-no-compression'] && compression.filter(req, res),
  }),
);
const rows = Array.from({ length: 2000 }, (_, id) => ({ id, name: `row ${id}` }));
app.get('/report', (_req, res) => res.json({ rows }));
const server = app.listen(0, '127.0.0.1');
await once(server, 'listening');
const base = `http://127.0.0.1:${server.address().port}`;
// node:http's client, which leaves the body encoded (fetch would decode it).
function raw(url, headers) {
  return new Promise((resolve, reject) => {
    get(url, { headers }, async (response) => {
      const chunks = [];
      for await (const chunk of response) chunks.push(chunk);
      resolve({ headers: response.headers, body: Buffer.concat(chunks) });
    }).on('error', reject);
  });
}
for (const coding of ['gzip', 'br']) {
  const response = await raw(`${base}/report`, { 'accept-encoding': coding });
  const decoded = coding === 'br' ? brotliDecompressSync(response.body) : gunzipSync(response.body);
  report[coding] = {
    encoding: response.headers['content-encoding'],
    engine: response.headers['x-compression-engine'],
    same: JSON.stringify(JSON.parse(decoded.toString())) === JSON.stringify({ rows }),
  };
}
report.metrics = await (await fetch(`${base}/metrics`)).text();
server.close();

// The HTTP shipper in pino's worker thread, to a collector in another process.
const collector = fork(new URL('./collector.mjs', import.meta.url), {
  stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
});
const [port] = await once(collector.stdout, 'data');
const shipping = pino.transport({
  target: '@uacce/pino-transport',
  options: {
    url: `http://127.0.0.1:${String(port).trim()}/ingest`,
    spoolDir: `${dir}/spool`,
    maxBatchAgeMs: 50,
  },
});
const shipped = pino({ base: undefined }, shipping);
for (let index = 0; index < 1000; index += 1) shipped.info({ index }, 'shipped');
// end() returns once the worker has closed the transport: every batch delivered (or spooled).
shipping.end();
report.shipped = Number(await (await fetch(`http://127.0.0.1:${String(port).trim()}/count`)).text());
collector.disconnect();

// The file sink as a pino target with no wrapper, and in-process; the process then exits
// without closing the in-process one.
const file = pino.transport({ target: '@uacce/pino-transport/file', options: { dir: `${dir}/target` } });
const fileLogger = pino({ base: undefined }, file);
for (let index = 0; index < 1000; index += 1) fileLogger.info({ index }, 'to a file');
file.end();
const local = pino({ base: undefined }, inProcessFile({ dir: `${dir}/in-process` }));
for (let index = 0; index < 1000; index += 1) local.info({ index }, 'in-process');
process.stdout.write(`${JSON.stringify(report)}\n`);
