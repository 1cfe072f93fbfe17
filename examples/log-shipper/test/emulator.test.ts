// SPDX-License-Identifier: Apache-2.0
// On the emulated device: batches compressed on the hardware path, and a hardware failure in the
// middle of a batch that the stream layer finishes in software, with no line lost or repeated.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningEmulator, startEmulator, ZIP_STATUS } from '@uacce/emulator';
import { closeHardware, configureHardware, metrics, resetMetrics } from '@uacce/stream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HttpShipper, type ShipperEvent } from '../src/shipper';
import { Collector, countByIndex, until } from './support/collector';

let emulator: RunningEmulator;
let device: string;
let dir: string;
let collector: Collector;

beforeAll(async () => {
  emulator = await startEmulator();
  device = (await emulator.faults.devices())[0]!.name;
  await configureHardware({ env: { ...process.env, ...emulator.env } });
});
afterAll(async () => {
  await closeHardware();
  await emulator?.stop();
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'uacce-shipper-hw-'));
  collector = new Collector();
  await collector.start();
  resetMetrics();
});
afterEach(async () => {
  await collector.stop();
  await rm(dir, { recursive: true, force: true });
});

function line(index: number): string {
  return `${JSON.stringify({ index, message: 'on the emulated accelerator', padding: 'x'.repeat(index % 200) })}\n`;
}

function expectExactlyOnce(count: number): void {
  const counts = countByIndex(collector.lines);
  for (let index = 0; index < count; index += 1) expect(counts.get(index), `line ${index}`).toBe(1);
  expect(collector.lines.length).toBe(count);
}

function openShipper(events: ShipperEvent[], overrides: Record<string, unknown> = {}): HttpShipper {
  return new HttpShipper(
    {
      url: collector.url,
      spoolDir: join(dir, 'spool'),
      engine: 'hardware',
      maxBatchLines: 1000,
      maxBatchAgeMs: 60_000,
      retryBaseMs: 5,
      retryMaxMs: 20,
      spoolRetryMs: 20,
      ...overrides,
    },
    (event) => events.push(event),
  );
}

describe('on the emulator', () => {
  it('compresses batches on the hardware path', async () => {
    const events: ShipperEvent[] = [];
    const shipper = openShipper(events);
    await shipper.start();
    for (let index = 0; index < 3000; index += 1) await shipper.write(line(index));
    await shipper.close();
    expectExactlyOnce(3000);
    const sealed = events.filter((event) => event.type === 'sealed');
    expect(sealed).toHaveLength(3);
    expect(sealed.every((event) => event.engine === 'hardware')).toBe(true);
    expect(metrics().hardware.requests).toBeGreaterThan(0);
  });

  it('finishes a batch in software when the hardware fails in its middle, every line once', async () => {
    const events: ShipperEvent[] = [];
    const shipper = openShipper(events, { maxBatchLines: 100_000, maxBatchBytes: 64 * 1024 * 1024 });
    await shipper.start();
    for (let index = 0; index < 4000; index += 1) await shipper.write(line(index));
    // The first part of the batch is on the device before the fault is armed.
    await until(() => metrics().hardware.requests > 0);
    await emulator.faults.failNext(device, 1000, ZIP_STATUS.DMA_FAULT);
    for (let index = 4000; index < 8000; index += 1) await shipper.write(line(index));
    await shipper.close();
    await emulator.faults.failNext(device, 0, ZIP_STATUS.DMA_FAULT);
    expectExactlyOnce(8000);
    const sealed = events.filter((event) => event.type === 'sealed');
    expect(sealed).toHaveLength(1);
    expect(sealed[0]).toMatchObject({ engine: 'software', fallbackReason: 'hardware-status' });
    expect(metrics().fallbacks['hardware-status']).toBeGreaterThanOrEqual(1);
  });
});
