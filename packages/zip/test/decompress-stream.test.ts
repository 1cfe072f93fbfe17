// SPDX-License-Identifier: Apache-2.0
// The decompression state machine against a scripted device that leaves trailers in the input
// and returns output in small pieces (behaviours the emulator does not have).
import zlib from 'node:zlib';
import { ZlibDataError } from '@uacce/abi';
import { describe, expect, it } from 'vitest';
import { DecompressStream } from '../src/decompress-stream';
import { HardwareProfile } from '../src/hardware-profile';
import { FakeDevice } from './support/fake-device';

const profile = new HardwareProfile(3, ['zlib', 'gzip', 'deflate']);
const data = Buffer.from(Array.from({ length: 3000 }, (_, index) => `${index * 7919} `).join(''));

function open(device: FakeDevice, format: 'gzip' | 'zlib', maxOutputLength = 1 << 30) {
  return new DecompressStream(device, {
    format,
    plan: profile.plan(format),
    windowBits: 15,
    maxOutputLength,
  });
}

describe('DecompressStream with a device that leaves the trailer', () => {
  it.each(['gzip', 'zlib'] as const)(
    'verifies the %s trailer from the input and reads what follows',
    (format) => {
      const device = new FakeDevice();
      const one = format === 'gzip' ? zlib.gzipSync(data) : zlib.deflateSync(data);
      const input = format === 'gzip' ? Buffer.concat([one, one]) : Buffer.concat([one, Buffer.from('tail')]);
      const stream = open(device, format);
      const output = Buffer.concat(device.run(stream.write([input], true)));
      expect(output.equals(format === 'gzip' ? Buffer.concat([data, data]) : data)).toBe(true);
      expect(stream.ended).toBe(true);
      expect(Buffer.from(stream.trailing).toString()).toBe(format === 'gzip' ? '' : 'tail');
    },
  );

  it('waits for a trailer that arrives in a later write', () => {
    const device = new FakeDevice();
    const gz = zlib.gzipSync(data);
    const stream = open(device, 'gzip');
    const first = device.run(stream.write([gz.subarray(0, -5)], false));
    expect(stream.ended).toBe(false);
    const rest = device.run(stream.write([gz.subarray(-5)], true));
    expect(Buffer.concat([...first, ...rest]).equals(data)).toBe(true);
  });

  it('rejects a trailer that does not match the device checksum', () => {
    const device = new FakeDevice();
    const gz = zlib.gzipSync(data);
    gz[gz.length - 6] = (gz[gz.length - 6] as number) ^ 0xff;
    try {
      device.run(open(device, 'gzip').write([gz], true));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ZlibDataError);
      expect((error as ZlibDataError).code).toBe('Z_DATA_ERROR');
    }
  });

  it('resubmits while the device hands output back in small pieces, losing and doubling nothing', () => {
    const device = new FakeDevice({ maxProducedPerRequest: 1000 });
    const stream = open(device, 'zlib');
    const output = Buffer.concat(device.run(stream.write([zlib.deflateSync(data)], true)));
    expect(output.equals(data)).toBe(true);
    expect(device.requests).toBeGreaterThan(data.length / 1000);
  });

  it('stops at maxOutputLength', () => {
    const device = new FakeDevice({ maxProducedPerRequest: 5000 });
    try {
      device.run(open(device, 'zlib', 6000).write([zlib.deflateSync(data)], true));
      expect.unreachable();
    } catch (error) {
      expect((error as ZlibDataError).code).toBe('ERR_BUFFER_TOO_LARGE');
    }
  });
});
