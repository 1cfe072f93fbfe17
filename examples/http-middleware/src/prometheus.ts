// SPDX-License-Identifier: Apache-2.0
// @uacce/stream's metrics() and this middleware's response counts in the Prometheus text
// exposition format (version 0.0.4), which OpenTelemetry's Prometheus receiver also scrapes.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Metrics, metrics } from '@uacce/stream';
import { compressedResponses } from './report';

/** The Content-Type of the text exposition format. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

function label(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

class Exposition {
  readonly #lines: string[] = [];

  counter(name: string, help: string, samples: Array<[Record<string, string>, number]>): void {
    this.#lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`);
    for (const [labels, value] of samples) {
      const text = Object.entries(labels)
        .map(([key, labelValue]) => `${key}="${label(labelValue)}"`)
        .join(',');
      this.#lines.push(`${name}${text ? `{${text}}` : ''} ${value}`);
    }
  }

  toString(): string {
    return `${this.#lines.join('\n')}\n`;
  }
}

/**
 * The counters in Prometheus text format: per engine (`hardware`, `software`) the bytes in and
 * out, streams, one-shot calls and hardware requests of @uacce/stream; why `auto` routed to
 * software and why hardware work fell back; and the compressed responses of this middleware by
 * coding and engine. `snapshot` defaults to `metrics()` now.
 */
export function prometheusMetrics(snapshot: Metrics = metrics()): string {
  const out = new Exposition();
  const engines = ['hardware', 'software'] as const;
  const perEngine = (field: keyof Metrics['hardware']) =>
    engines.map((engine): [Record<string, string>, number] => [{ engine }, snapshot[engine][field]]);
  out.counter('uacce_stream_bytes_in_total', 'Bytes consumed by each engine.', perEngine('bytesIn'));
  out.counter('uacce_stream_bytes_out_total', 'Bytes produced by each engine.', perEngine('bytesOut'));
  out.counter('uacce_stream_streams_total', 'Streams finished on each engine.', perEngine('streams'));
  out.counter('uacce_stream_calls_total', 'One-shot calls served by each engine.', perEngine('calls'));
  out.counter('uacce_stream_hardware_requests_total', 'Requests submitted to the device.', [
    [{}, snapshot.hardware.requests],
  ]);
  out.counter(
    'uacce_stream_routed_total',
    "Work engine 'auto' sent to software before any hardware request, by reason.",
    Object.entries(snapshot.routed).map(([reason, value]) => [{ reason }, value]),
  );
  out.counter(
    'uacce_stream_fallbacks_total',
    'Work that started on hardware and continued in software, by reason.',
    Object.entries(snapshot.fallbacks).map(([reason, value]) => [{ reason }, value]),
  );
  out.counter(
    'uacce_http_compressed_responses_total',
    'Responses this middleware compressed, by coding and engine.',
    [...compressedResponses()].map(([key, value]) => {
      const [coding = '', engine = ''] = key.split(' ');
      return [{ coding, engine }, value];
    }),
  );
  return out.toString();
}

/** A node:http / Express handler serving `prometheusMetrics()` (e.g. `app.get('/metrics', metricsHandler())`). */
export function metricsHandler(): (req: IncomingMessage, res: ServerResponse) => void {
  return (_req, res) => {
    const body = prometheusMetrics();
    res.writeHead(200, {
      'content-type': PROMETHEUS_CONTENT_TYPE,
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
  };
}
