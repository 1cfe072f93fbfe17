// SPDX-License-Identifier: Apache-2.0
// One HTTP delivery of a gzipped batch, classified for the retry logic.

/** delivered: 2xx. retry: network error, timeout, 408, 429, 5xx. rejected: any other status. */
export type DeliveryOutcome =
  | { kind: 'delivered' }
  | { kind: 'retry'; reason: string }
  | { kind: 'rejected'; status: number };

/** One POST of one batch. */
export interface DeliveryRequest {
  url: string;
  body: Buffer;
  id: string;
  lines: number;
  headers: Record<string, string>;
  timeoutMs: number;
  /** Aborts the request when the shipper closes. */
  signal?: AbortSignal;
}

function classify(status: number): DeliveryOutcome {
  if (status >= 200 && status < 300) return { kind: 'delivered' };
  if (status === 408 || status === 429 || status >= 500) return { kind: 'retry', reason: `HTTP ${status}` };
  return { kind: 'rejected', status };
}

/** POSTs the batch with Content-Encoding: gzip; never throws (failures are outcomes). */
export async function deliver(request: DeliveryRequest): Promise<DeliveryOutcome> {
  try {
    const response = await fetch(request.url, {
      method: 'POST',
      body: request.body as unknown as BodyInit,
      headers: {
        ...request.headers,
        'content-type': 'application/x-ndjson',
        'content-encoding': 'gzip',
        'idempotency-key': request.id,
        'x-log-lines': String(request.lines),
      },
      signal: request.signal
        ? AbortSignal.any([request.signal, AbortSignal.timeout(request.timeoutMs)])
        : AbortSignal.timeout(request.timeoutMs),
    });
    // Drain the body so the connection goes back to the pool.
    await response.arrayBuffer();
    return classify(response.status);
  } catch (error) {
    const code = (error as { cause?: { code?: string }; name?: string }).cause?.code ?? (error as Error).name;
    return { kind: 'retry', reason: String(code) };
  }
}
