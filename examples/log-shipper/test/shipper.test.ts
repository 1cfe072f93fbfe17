// SPDX-License-Identifier: Apache-2.0
// End to end over loopback: pino → transport → gzip batches → HTTP collector, with the collector
// failing, going away and coming back; every line must arrive exactly once.
import { once } from 'node:events';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HttpShipper, type ShipperEvent } from '../src/shipper';
import { createShipperTransport } from '../src/transport';
import { Collector, countByIndex, until } from './support/collector';

let dir: string;
let collector: Collector;
let events: ShipperEvent[];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'uacce-shipper-'));
  collector = new Collector();
  await collector.start();
  events = [];
});
afterEach(async () => {
  await collector.stop();
  await rm(dir, { recursive: true, force: true });
});

const fast = { retries: 2, retryBaseMs: 5, retryMaxMs: 20, spoolRetryMs: 20, requestTimeoutMs: 2000 };

async function openLogger(overrides: Record<string, unknown> = {}) {
  const stream = await createShipperTransport({
    url: collector.url,
    spoolDir: join(dir, 'spool'),
    maxBatchLines: 100,
    maxBatchAgeMs: 20,
    ...fast,
    onEvent: (event) => events.push(event),
    ...overrides,
  });
  return { logger: pino({ base: undefined }, stream), stream };
}

async function closeLogger(stream: NodeJS.WritableStream & NodeJS.EventEmitter): Promise<void> {
  const closed = once(stream, 'close');
  stream.end();
  await closed;
}

function expectExactlyOnce(from: number, to: number): void {
  const counts = countByIndex(collector.lines);
  for (let index = from; index < to; index += 1) expect(counts.get(index), `line ${index}`).toBe(1);
  expect(collector.lines.length).toBe(to - from);
}

async function spoolFiles(): Promise<string[]> {
  return (await readdir(join(dir, 'spool'))).filter((name) => name.endsWith('.ndjson.gz'));
}

describe('HTTP shipping', () => {
  it('delivers every pino line exactly once, in gzip batches', async () => {
    const { logger, stream } = await openLogger();
    for (let index = 0; index < 2000; index += 1) logger.info({ index }, 'hello');
    await closeLogger(stream);
    expectExactlyOnce(0, 2000);
    expect(collector.notGzip).toBe(0);
    expect(collector.requests).toBeGreaterThanOrEqual(20);
    expect(events.filter((event) => event.type === 'sealed').every((event) => event.lines <= 100)).toBe(true);
  });

  it('seals batches at the byte limit', async () => {
    const { logger, stream } = await openLogger({ maxBatchLines: 1_000_000, maxBatchBytes: 4096 });
    for (let index = 0; index < 500; index += 1) logger.info({ index, padding: 'p'.repeat(50) });
    await closeLogger(stream);
    expectExactlyOnce(0, 500);
    const sealed = events.filter((event) => event.type === 'sealed');
    expect(sealed.length).toBeGreaterThan(10);
    for (const event of sealed.slice(0, -1)) expect(event.bytes).toBeLessThan(4096 + 200);
  });

  it('seals a batch at its age limit without a flush or close', async () => {
    const shipper = new HttpShipper(
      { url: collector.url, spoolDir: join(dir, 'spool'), maxBatchAgeMs: 50, maxBatchLines: 1000, ...fast },
      (event) => events.push(event),
    );
    await shipper.start();
    for (let index = 0; index < 3; index += 1) await shipper.write(`${JSON.stringify({ index })}\n`);
    await until(() => collector.lines.length === 3);
    expectExactlyOnce(0, 3);
    await shipper.close();
    expect(events.filter((event) => event.type === 'sealed')).toHaveLength(1);
  });

  it('retries through 503 and 429 answers', async () => {
    collector.failWith.push(503, 429);
    const { logger, stream } = await openLogger();
    for (let index = 0; index < 50; index += 1) logger.info({ index });
    await closeLogger(stream);
    expectExactlyOnce(0, 50);
    expect(events.filter((event) => event.type === 'retry').length).toBe(2);
  });

  it('spools while the collector is down and delivers the spool when it is back', async () => {
    const { logger, stream } = await openLogger();
    for (let index = 0; index < 300; index += 1) logger.info({ index });
    await until(() => collector.lines.length === 300);
    await collector.stop();
    for (let index = 300; index < 600; index += 1) logger.info({ index });
    await until(async () => (await spoolFiles()).length > 0);
    for (let index = 600; index < 700; index += 1) logger.info({ index });
    await collector.start();
    for (let index = 700; index < 1000; index += 1) logger.info({ index });
    await closeLogger(stream);
    expectExactlyOnce(0, 1000);
    expect(events.some((event) => event.type === 'delivered' && event.from === 'spool')).toBe(true);
    expect(await spoolFiles()).toEqual([]);
  });

  it('leaves undelivered batches on disk at close and a later shipper delivers them', async () => {
    await collector.stop();
    const { logger, stream } = await openLogger({ closeTimeoutMs: 100 });
    for (let index = 0; index < 250; index += 1) logger.info({ index });
    await closeLogger(stream);
    expect((await spoolFiles()).length).toBeGreaterThan(0);
    await collector.start();
    const later = new HttpShipper({ url: collector.url, spoolDir: join(dir, 'spool'), ...fast });
    await later.start();
    await until(() => collector.lines.length === 250);
    await later.close();
    expectExactlyOnce(0, 250);
    expect(await spoolFiles()).toEqual([]);
  });

  it('moves a batch the collector refuses (400) aside instead of retrying forever', async () => {
    collector.failWith.push(400);
    const { logger, stream } = await openLogger({ maxBatchLines: 10 });
    for (let index = 0; index < 30; index += 1) logger.info({ index });
    await closeLogger(stream);
    const rejected = events.filter((event) => event.type === 'rejected');
    expect(rejected.length).toBe(1);
    expect(await readdir(join(dir, 'spool', 'rejected'))).toHaveLength(1);
    expect(collector.lines.length).toBe(20);
  });

  it('throws ERR_UACCE_QUEUE_CLOSED on a write after close', async () => {
    const shipper = new HttpShipper({ url: collector.url, spoolDir: join(dir, 'spool'), ...fast });
    await shipper.start();
    await shipper.close();
    await shipper.close();
    await expect(shipper.write('x\n')).rejects.toMatchObject({ code: 'ERR_UACCE_QUEUE_CLOSED' });
  });
});
