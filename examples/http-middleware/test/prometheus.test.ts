// SPDX-License-Identifier: Apache-2.0
// The Prometheus text export of @uacce/stream's metrics() and the middleware's response counts.
import { createServer } from 'node:http';
import { metrics, resetMetrics } from '@uacce/stream';
import express from 'express';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { compression } from '../src/middleware';
import { metricsHandler, PROMETHEUS_CONTENT_TYPE, prometheusMetrics } from '../src/prometheus';
import { listen } from './support/server';

const snapshot = {
  hardware: { bytesIn: 1000, bytesOut: 200, streams: 3, calls: 1, requests: 7 },
  software: { bytesIn: 50, bytesOut: 40, streams: 2, calls: 0, requests: 0 },
  routed: { 'small-input': 4 },
  fallbacks: { 'time"out\\n': 1 },
};

/** Parses the exposition format: every sample line, with HELP/TYPE read for each metric. */
function parse(text: string): { samples: Map<string, number>; types: Map<string, string> } {
  const samples = new Map<string, number>();
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type) types.set(type[1]!, type[2]!);
    if (line.startsWith('#')) continue;
    const sample = /^([a-z_]+(?:\{[^}]*\})?) (\d+)$/.exec(line);
    if (!sample) throw new Error(`not a sample line: ${line}`);
    samples.set(sample[1]!, Number(sample[2]));
  }
  return { samples, types };
}

describe('prometheusMetrics', () => {
  it('writes every counter of a metrics() snapshot, labels escaped', () => {
    const text = prometheusMetrics(snapshot);
    expect(text.endsWith('\n')).toBe(true);
    const { samples, types } = parse(text);
    expect(samples.get('uacce_stream_bytes_in_total{engine="hardware"}')).toBe(1000);
    expect(samples.get('uacce_stream_bytes_out_total{engine="software"}')).toBe(40);
    expect(samples.get('uacce_stream_streams_total{engine="hardware"}')).toBe(3);
    expect(samples.get('uacce_stream_calls_total{engine="hardware"}')).toBe(1);
    expect(samples.get('uacce_stream_hardware_requests_total')).toBe(7);
    expect(samples.get('uacce_stream_routed_total{reason="small-input"}')).toBe(4);
    expect(samples.get('uacce_stream_fallbacks_total{reason="time\\"out\\\\n"}')).toBe(1);
    for (const type of types.values()) expect(type).toBe('counter');
    expect(types.size).toBe(8);
  });

  it('is served by metricsHandler with the exposition content type, counting real responses', async () => {
    resetMetrics();
    const app = express();
    app.get('/metrics', metricsHandler());
    app.use(compression({ engine: 'software' }));
    app.get('/report', (_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          rows: Array.from({ length: 500 }, (_, index) => ({ index, name: `row ${index}` })),
        }),
      );
    });
    const listening = await listen(createServer(app));
    try {
      for (let index = 0; index < 3; index += 1) {
        const response = await request(`${listening.url}/report`, { headers: { 'accept-encoding': 'gzip' } });
        await response.body.arrayBuffer();
        expect(response.headers['content-encoding']).toBe('gzip');
      }
      const response = await request(`${listening.url}/metrics`);
      expect(response.headers['content-type']).toBe(PROMETHEUS_CONTENT_TYPE);
      const { samples } = parse(await response.body.text());
      expect(samples.get('uacce_stream_streams_total{engine="software"}')).toBe(metrics().software.streams);
      expect(metrics().software.streams).toBeGreaterThanOrEqual(3);
      expect(
        samples.get('uacce_http_compressed_responses_total{coding="gzip",engine="software"}'),
      ).toBeGreaterThanOrEqual(3);
    } finally {
      await listening.close();
    }
  });
});
