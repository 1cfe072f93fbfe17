// SPDX-License-Identifier: Apache-2.0
// The suite of node:zlib behaviour on real hardware code: @uacce/zip on the emulator's device.

import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createDeflateRaw, createGunzip, createGzip, createInflateRaw, gzipSync } from '../src/index';
import { useEmulatedHardware } from './helpers/emulated-hardware';
import { sampleData, through } from './helpers/streams';
import { defineZlibSuite } from './helpers/zlib-suite';

/** Hardware, with a generous timeout: on a loaded CI machine a slow request must not become a fallback. */
const HW = { engine: 'hardware', hardwareTimeout: 30_000 } as const;

describe('hardware engine: @uacce/zip on the emulator (hisi_qm_v3)', () => {
  useEmulatedHardware('hisi_qm_v3');

  it('a stream reports the emulated device', async () => {
    const stream = createGzip(HW);
    const data = sampleData(100_000);
    const out = await through(stream, [data]);
    expect(zlib.gunzipSync(out).equals(data)).toBe(true);
    expect(stream.engineInfo).toMatchObject({ engine: 'hardware', device: 'hisi_zip-0', emulated: true });
    expect(zlib.gunzipSync(gzipSync(data, HW)).equals(data)).toBe(true);
  });

  defineZlibSuite({
    name: 'emulator v3',
    options: HW,
    served: 'hardware',
  });
});

describe('hardware engine on hisi_qm_v2 (no raw deflate decompression)', () => {
  useEmulatedHardware('hisi_qm_v2');

  it('formats the device serves run on it; raw deflate decompression stays on software', async () => {
    const data = sampleData(200_000, 3);
    const gunzip = createGunzip(HW);
    expect((await through(gunzip, [zlib.gzipSync(data)])).equals(data)).toBe(true);
    expect(gunzip.engine).toBe('hardware');
    const inflateRaw = createInflateRaw(HW);
    expect((await through(inflateRaw, [zlib.deflateRawSync(data)])).equals(data)).toBe(true);
    expect(inflateRaw.engine).toBe('software');
    expect(inflateRaw.fallbackReason).toBe('unsupported');
    const deflateRaw = createDeflateRaw(HW);
    expect(zlib.inflateRawSync(await through(deflateRaw, [data])).equals(data)).toBe(true);
    expect(deflateRaw.engine).toBe('hardware');
  });
});
