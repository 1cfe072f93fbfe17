// SPDX-License-Identifier: Apache-2.0
// The middleware on the emulated accelerator: responses compressed by the hardware path decode
// to the original bytes, flushes included.
import { createServer } from 'node:http';
import { type RunningEmulator, startEmulator } from '@uacce/emulator';
import { closeHardware, configureHardware, metrics, resetMetrics } from '@uacce/stream';
import { fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withCompression } from '../src/middleware';
import { prometheusMetrics } from '../src/prometheus';
import { EventGate, handleRoute, TEXT } from './support/routes';
import { curlCompressed, type Listening, listen } from './support/server';

let emulator: RunningEmulator;
let listening: Listening;
const state = { gate: new EventGate(), seen: { backpressure: false } };

beforeAll(async () => {
  emulator = await startEmulator();
  await configureHardware({ env: { ...process.env, ...emulator.env } });
  const handler = withCompression((req, res) => handleRoute(req, res, state), {
    engine: 'hardware',
    engineHeader: 'x-engine',
  });
  listening = await listen(createServer(handler));
});
afterAll(async () => {
  await listening?.close();
  await closeHardware();
  await emulator?.stop();
});

describe('on the emulator', () => {
  it('compresses on the hardware path and fetch decodes the original', async () => {
    resetMetrics();
    const response = await fetch(`${listening.url}/text`, { headers: { 'accept-encoding': 'gzip' } });
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(await response.text()).toBe(TEXT);
    expect(response.headers.get('x-engine')).toBe('hardware');
    expect(metrics().hardware.streams).toBe(1);
    expect(metrics().software.streams).toBe(0);
    const text = prometheusMetrics();
    expect(text).toContain('uacce_stream_streams_total{engine="hardware"} 1\n');
    expect(text).toContain('uacce_stream_streams_total{engine="software"} 0\n');
    expect(text).toMatch(
      /^uacce_http_compressed_responses_total\{coding="gzip",engine="hardware"\} [1-9]\d*$/m,
    );
    expect(text).toMatch(/^uacce_stream_hardware_requests_total [1-9]\d*$/m);
  });

  it('gzips a body through the device that curl decodes', async () => {
    // A 64 KiB body: the emulator is a functional model (a few MB/s), and the test stays short.
    const { body, headers } = await curlCompressed(`${listening.url}/write-head`);
    expect(headers.get('content-encoding')).toBe('gzip');
    expect(JSON.parse(body.toString())).toEqual({ text: TEXT });
  });

  it('flushes on the hardware path: the first part arrives before the response ends', async () => {
    const response = await fetch(`${listening.url}/flush`, { headers: { 'accept-encoding': 'gzip' } });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes('\n')) text += decoder.decode((await reader.read()).value, { stream: true });
    expect(text).toBe('first part\n');
    state.gate.received();
    for (let part = await reader.read(); !part.done; part = await reader.read()) {
      text += decoder.decode(part.value, { stream: true });
    }
    expect(text).toBe('first part\nsecond part\n');
  });
});
