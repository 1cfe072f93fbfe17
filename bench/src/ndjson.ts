// SPDX-License-Identifier: Apache-2.0
// Synthetic NDJSON access/application logs (pino-like), generated from a fixed seed: the kind of
// data a log shipper compresses. Timestamps advance monotonically so the text stays realistic.
import { createRandom, pick } from './prng';

const METHODS = ['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE'] as const;
const ROUTES = [
  '/api/users',
  '/api/orders',
  '/api/items',
  '/health',
  '/login',
  '/api/search',
  '/static/app.js',
];
const STATUSES = [200, 200, 200, 200, 201, 204, 304, 400, 401, 404, 500] as const;
const LEVELS = [30, 30, 30, 30, 40, 50] as const;
const AGENTS = ['curl/8.5.0', 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0', 'okhttp/4.12.0', 'undici'];
const MESSAGES = ['request completed', 'request completed', 'cache miss', 'slow query', 'retrying upstream'];

function hex(random: () => number, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += Math.floor(random() * 16).toString(16);
  return out;
}

function logLine(random: () => number, time: number): string {
  const route = pick(random, ROUTES);
  const id = Math.floor(random() * 100_000);
  return JSON.stringify({
    level: pick(random, LEVELS),
    time,
    pid: 4242,
    hostname: 'node-7',
    reqId: hex(random, 16),
    req: {
      method: pick(random, METHODS),
      url: `${route}/${id}`,
      remoteAddress: `10.0.${id % 256}.${id % 97}`,
    },
    res: { statusCode: pick(random, STATUSES) },
    responseTime: Math.round(random() * 250_000) / 1000,
    userAgent: pick(random, AGENTS),
    msg: pick(random, MESSAGES),
  });
}

/** Generates exactly `size` bytes of newline-delimited JSON logs from `seed`. */
export function generateNdjson(size: number, seed: number): Buffer {
  const random = createRandom(seed);
  const parts: string[] = [];
  let length = 0;
  let time = 1_760_000_000_000;
  while (length < size) {
    time += Math.floor(random() * 40);
    const line = `${logLine(random, time)}\n`;
    parts.push(line);
    length += line.length;
  }
  return Buffer.from(parts.join(''), 'utf8').subarray(0, size);
}
