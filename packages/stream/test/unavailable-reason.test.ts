// SPDX-License-Identifier: Apache-2.0
// Why there is no hardware, as the user sees it: the real reason (the addon did not load, no
// permission on the device, no device, another failure) reaches `fallbackReason`, the
// 'uacce:engine-selected' diagnostics message (with the error itself) and the routed counters.
import diagnosticsChannel from 'node:diagnostics_channel';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  CHANNELS,
  closeHardware,
  configureHardware,
  createGzip,
  type EngineSelectedMessage,
  metrics,
  promises,
  resetMetrics,
} from '../src/index';
import { through } from './helpers/streams';

function failure(code: string, cause?: unknown): Error {
  return Object.assign(new Error(`simulated ${code}`), { code, cause });
}

const CASES = [
  { name: 'the addon did not load', error: failure('ERR_UACCE_NATIVE_UNAVAILABLE'), reason: 'no-addon' },
  {
    name: 'no permission on the device',
    error: failure(
      'ERR_UACCE_QUEUE_SETUP',
      Object.assign(new Error('open'), { code: 'ERR_UACCE_SYSTEM', errnoCode: 'EACCES' }),
    ),
    reason: 'permission',
  },
  { name: 'no device', error: failure('ERR_UACCE_NO_DEVICE'), reason: 'no-device' },
  { name: 'anything else', error: failure('ERR_UACCE_TRANSPORT'), reason: 'open-failed' },
] as const;

afterEach(() => closeHardware());
afterAll(() => configureHardware({}));

describe('the real reason the hardware is unavailable', () => {
  for (const { name, error, reason } of CASES) {
    it(`${name}: '${reason}' in fallbackReason, the channel and the counters`, async () => {
      await configureHardware({ engine: () => Promise.reject(error), retryInterval: 60_000 });
      resetMetrics();
      const messages: EngineSelectedMessage[] = [];
      const listen = (message: unknown) => messages.push(message as EngineSelectedMessage);
      diagnosticsChannel.subscribe(CHANNELS.engineSelected, listen);
      try {
        const stream = createGzip({ engine: 'hardware' });
        await through(stream, [Buffer.alloc(1000, 1)]);
        expect(stream.engine).toBe('software');
        expect(stream.fallbackReason).toBe(reason);
        await promises.gzip(Buffer.alloc(1000, 2), { engine: 'hardware' });
      } finally {
        diagnosticsChannel.unsubscribe(CHANNELS.engineSelected, listen);
      }
      expect(messages.length).toBe(2);
      for (const message of messages) expect(message).toMatchObject({ engine: 'software', reason, error });
      expect(metrics().routed[reason]).toBe(2);
    });
  }

  it('an empty sysfs root on the kernel transport is "no-device"', async () => {
    const root = mkdtempSync(join(tmpdir(), 'uacce-sysfs-'));
    try {
      await configureHardware({ transport: 'kernel', sysfsRoot: root, env: {} });
      const stream = createGzip({ engine: 'hardware' });
      await through(stream, [Buffer.alloc(1000, 1)]);
      expect(stream.fallbackReason).toBe('no-device');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
