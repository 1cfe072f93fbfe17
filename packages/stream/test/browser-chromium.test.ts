// SPDX-License-Identifier: Apache-2.0
// The browser entry, bundled with esbuild the way an application would (the package's "browser"
// export condition, platform 'browser': a node: import anywhere would fail the build), served on
// 127.0.0.1 and run in headless Chromium.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleForBrowser } from '../../../tooling/vitest/bundle-for-browser';
import packageJson from '../package.json';
import { ensureChromium, launchChromium } from './helpers/chromium';
import { CONFORMANCE_CASES } from './helpers/web-conformance';

const here = dirname(fileURLToPath(import.meta.url));
const unavailable = ensureChromium();
const available = unavailable === undefined;
/** On CI the browser test must run: a machine without Chromium fails it instead of skipping it. */
const required = /^(1|true)$/i.test(process.env.CI ?? '');

function serve(script: string): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.url === '/bundle.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    } else {
      response
        .writeHead(200, { 'content-type': 'text/html' })
        .end('<!doctype html><script type="module" src="/bundle.js"></script>');
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

it.runIf(required)('Chromium is there on CI (installed with apt-get when missing)', () => {
  expect(unavailable).toBeUndefined();
});

describe.skipIf(!available)('browser entry in headless Chromium', () => {
  let server: Server;
  let script: string;
  beforeAll(async () => {
    script = await bundleForBrowser(join(here, 'browser/page.ts'), {
      format: 'esm',
      conditions: ['@uacce/source', 'browser'],
    });
    server = await serve(script);
  });
  afterAll(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it('bundlers are sent to the browser entry by the export conditions', () => {
    expect(packageJson.exports['.'].browser).toMatchObject({
      '@uacce/source': './src/browser.ts',
      default: './dist/browser.js',
    });
    expect(packageJson.exports['./browser']).toMatchObject({
      '@uacce/source': './src/browser.ts',
      default: './dist/browser.js',
    });
  });

  it('the bundle has no node: imports and no node:zlib', () => {
    expect(script).not.toMatch(/from ["']node:/);
    expect(script).not.toMatch(/require\(["'](node:)?zlib["']\)/);
  });

  it('compresses and decompresses with node:zlib semantics, interoperates with Chromium and node:zlib', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.context.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(String(error)));
      const { port } = server.address() as AddressInfo;
      await page.goto(`http://127.0.0.1:${port}/`);
      await page.waitForFunction(() => (window as { __result?: unknown }).__result !== undefined, undefined, {
        timeout: 90_000,
      });
      const result = (await page.evaluate(() => (window as { __result?: unknown }).__result)) as Record<
        string,
        unknown
      >;
      expect(result).toMatchObject({
        hasProcess: false,
        syncRoundTrip: true,
        nativeReadsOurs: true,
        oursReadsNative: true,
        flushedDecodes: true,
        engine: 'software',
        errorCode: 'Z_DATA_ERROR',
        errorName: 'ZlibDataError',
        crc32: zlib.crc32('hello'),
      });
      expect(result.calls).toBeGreaterThan(0);
      expect(pageErrors).toEqual([]);
      // The Compression Streams conformance cases (helpers/web-conformance.ts), in window and
      // worker scope: ours pass every one.
      for (const scope of ['windowConformance', 'workerConformance'] as const) {
        expect(result[scope], scope).toEqual({ passed: CONFORMANCE_CASES.length, failed: [] });
      }
      const gz = Buffer.from(result.gzipBase64 as string, 'base64');
      expect(zlib.gunzipSync(gz).toString()).toBe('uacce in the browser '.repeat(5000));
    } finally {
      await browser.close();
    }
  }, 180_000);
});
