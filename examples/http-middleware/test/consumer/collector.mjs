// SPDX-License-Identifier: Apache-2.0
// A log collector in a process of its own (pino's transport.end() blocks the logging thread until
// its worker is done, so a collector in that thread could not answer): gunzips each batch, counts
// its lines, prints its port, and answers GET /count.
import { createServer } from 'node:http';
import { gunzipSync } from 'node:zlib';

let lines = 0;
const server = createServer(async (req, res) => {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  if (req.method === 'GET') {
    res.end(String(lines));
    return;
  }
  lines += gunzipSync(Buffer.concat(chunks)).toString().split('\n').filter(Boolean).length;
  res.writeHead(204).end();
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
process.on('disconnect', () => process.exit(0));
