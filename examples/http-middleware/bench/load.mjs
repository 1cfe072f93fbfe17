// SPDX-License-Identifier: Apache-2.0
// Load comparison (a benchmark, not a test): the same Express 5 app behind the `compression`
// middleware and behind ours, each server in a fresh child process on 127.0.0.1, driven by an
// undici pool for a bounded time and request count. Reports requests/s and server CPU time per
// request, as medians over rounds. Run with `pnpm run bench:load` (builds, then node bench/load.mjs),
// or after `npx tsup`: node bench/load.mjs [--seconds 5] [--requests 20000] [--connections 16] [--rounds 3]
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const CONTENDERS = {
  none: 'no compression (baseline)',
  compression: 'compression 1.8 (node:zlib)',
  'uacce-software': '@uacce/http-compression, engine software',
  'uacce-auto': '@uacce/http-compression, engine auto',
};

function argument(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
}

/** A JSON body of about 44 KiB, the same for every contender. */
function body() {
  const items = [];
  for (let index = 0; items.length < 700; index += 1) {
    items.push({
      id: index,
      name: `item-${index}`,
      tags: ['alpha', 'beta', 'gamma'].slice(index % 3),
      price: (index * 37) % 1000,
    });
  }
  return JSON.stringify({ items });
}

async function serve(contender) {
  const { default: express } = await import('express');
  const app = express();
  if (contender === 'compression') app.use((await import('compression')).default());
  if (contender.startsWith('uacce-')) {
    const { compression } = await import('../dist/index.js');
    app.use(compression({ engine: contender.slice('uacce-'.length) }));
  }
  const payload = body();
  app.get('/data', (_req, res) => res.type('application/json').send(payload));
  const server = app.listen(0, '127.0.0.1', () => {
    process.send({ port: server.address().port, bytes: Buffer.byteLength(payload) });
  });
  let start = process.cpuUsage();
  process.on('message', (message) => {
    if (message === 'reset') {
      start = process.cpuUsage();
      process.send({ reset: true });
      return;
    }
    const used = process.cpuUsage(start);
    process.send({ cpuMicros: used.user + used.system });
    server.close();
    server.closeAllConnections();
    process.disconnect();
  });
}

async function drive(port, seconds, maxRequests, connections) {
  const { Pool } = await import('undici');
  const pool = new Pool(`http://127.0.0.1:${port}`, { connections });
  const deadline = Date.now() + seconds * 1000;
  let done = 0;
  let issued = 0;
  let encodedBytes = 0;
  const started = process.hrtime.bigint();
  async function worker() {
    while (Date.now() < deadline && issued < maxRequests) {
      issued += 1;
      const response = await pool.request({
        path: '/data',
        method: 'GET',
        headers: { 'accept-encoding': 'gzip' },
      });
      for await (const chunk of response.body) encodedBytes += chunk.length;
      done += 1;
    }
  }
  await Promise.all(Array.from({ length: connections }, worker));
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  await pool.close();
  return { done, elapsed, encodedBytes };
}

async function measure(contender, options) {
  const child = fork(fileURLToPath(import.meta.url), ['--serve', contender], { stdio: 'inherit' });
  const [{ port, bytes }] = await once(child, 'message');
  // A short warm-up so JIT compilation and connection setup are not measured.
  await drive(port, 0.5, 500, options.connections);
  child.send('reset');
  await once(child, 'message');
  const load = await drive(port, options.seconds, options.requests, options.connections);
  child.send('stop');
  const [{ cpuMicros }] = await once(child, 'message');
  await once(child, 'exit');
  return { contender, bytes, ...load, cpuMicros };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** `median (min to max)` of per-round figures, rounded. */
function spread(values, unit = '') {
  const text = (value) => `${value.toFixed(0)}${unit}`;
  if (values.length === 1) return text(values[0]);
  return `${text(median(values))} (${text(Math.min(...values))} to ${text(Math.max(...values))})`;
}

async function main() {
  const serveIndex = process.argv.indexOf('--serve');
  if (serveIndex !== -1) return serve(process.argv[serveIndex + 1]);
  const options = {
    seconds: argument('seconds', 5),
    requests: argument('requests', 20_000),
    connections: argument('connections', 16),
    rounds: argument('rounds', 3),
  };
  console.log(
    `Express 5, GET of a ${(body().length / 1024).toFixed(0)} KiB JSON body, Accept-Encoding: gzip, ${options.connections} connections, ` +
      `${options.seconds} s or ${options.requests} requests per contender and round, ${options.rounds} rounds, Node ${process.version}, loopback`,
  );
  // The figures only mean something next to the machine and how busy it was (the load generator
  // shares the cores with the server under test).
  const load = () =>
    loadavg()
      .map((value) => value.toFixed(2))
      .join(' ');
  console.log(
    `${new Date().toISOString()}, ${cpus()[0]?.model ?? 'unknown CPU'} x ${cpus().length}, load average before: ${load()}`,
  );
  // Rounds with the contenders in rotated order, so a change in the machine's load during the run
  // falls on every contender rather than on whichever ran last; medians of the rounds are reported.
  const names = Object.keys(CONTENDERS);
  const results = new Map(names.map((name) => [name, []]));
  for (let round = 0; round < options.rounds; round += 1) {
    for (let index = 0; index < names.length; index += 1) {
      const contender = names[(index + round) % names.length];
      results.get(contender).push(await measure(contender, options));
    }
  }
  console.log('| contender | requests/s | server CPU per request | response bytes |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const contender of names) {
    const rounds = results.get(contender);
    const rates = rounds.map((result) => result.done / result.elapsed);
    const cpu = rounds.map((result) => result.cpuMicros / result.done);
    const bytes = Math.round(rounds[0].encodedBytes / rounds[0].done);
    console.log(`| ${CONTENDERS[contender]} | ${spread(rates)} | ${spread(cpu, ' us')} | ${bytes} |`);
  }
  console.log(`load average after: ${load()}`);
}

await main();
