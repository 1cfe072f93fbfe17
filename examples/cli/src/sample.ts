// SPDX-License-Identifier: Apache-2.0
// The demo's built-in input: log-like text generated from a fixed seed, so every run (and every
// machine) compresses the same bytes.

const LEVELS = ['INFO', 'INFO', 'INFO', 'DEBUG', 'WARN', 'ERROR'];
const ROUTES = ['/api/orders', '/api/users', '/health', '/static/app.js', '/api/search', '/login'];

/** `size` bytes of deterministic NDJSON-ish log lines. */
export function sampleLog(size: number, seed = 20_260_101): Buffer {
  const out = Buffer.alloc(size);
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state;
  };
  let offset = 0;
  let time = 1_767_225_600_000;
  while (offset < size) {
    time += next() % 1000;
    const line = `{"time":${time},"level":"${LEVELS[next() % LEVELS.length]}","route":"${ROUTES[next() % ROUTES.length]}","status":${200 + (next() % 4) * 100},"ms":${next() % 5000},"request":"${next().toString(16)}"}\n`;
    offset += out.write(line, offset);
  }
  return out;
}
