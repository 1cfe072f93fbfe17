// SPDX-License-Identifier: Apache-2.0
// Many requests in flight at once on one engine: block calls of every format and interleaved
// sessions share the queues; every result must still be its own input's (tags, buffers kept alive).
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HARDWARE_APIS, useEmulatedEngine } from './support/emulated-engine';
import { nodeDecode, nodeEncode } from './support/oracles';

describe.each(HARDWARE_APIS)('concurrency on %s', (api) => {
  const emulated = useEmulatedEngine(api);

  it('keeps 120 parallel block requests apart', async () => {
    const { engine } = emulated;
    const inputs = Array.from({ length: 120 }, (_, index) =>
      Buffer.concat([Buffer.from(`request ${index} `.repeat(index + 1)), randomBytes(index * 10)]),
    );
    const compressFormats = engine.formats('compress');
    const decompressFormats = engine.formats('decompress');
    await Promise.all(
      inputs.map(async (input, index) => {
        const format = compressFormats[index % compressFormats.length]!;
        const compressed = await engine.compress(
          format,
          index % 2 ? [input.subarray(0, 7), input.subarray(7)] : input,
        );
        expect(nodeDecode(format, compressed).equals(input)).toBe(true);
        const back = decompressFormats[index % decompressFormats.length]!;
        expect((await engine.decompress(back, nodeEncode(back, input))).equals(input)).toBe(true);
      }),
    );
  });

  it('interleaves writes of many sessions', async () => {
    const { engine } = emulated;
    const sessions = Array.from({ length: 12 }, (_, index) => ({
      format: engine.formats('compress')[index % engine.formats('compress').length]!,
      parts: Array.from({ length: 6 }, (_, part) =>
        Buffer.from(`session ${index} part ${part} `.repeat(50 + index)),
      ),
    }));
    await Promise.all(
      sessions.map(async ({ format, parts }) => {
        const session = engine.createCompressSession({ format });
        const pending = parts.map((part, index) =>
          session.write(part, index === parts.length - 1 ? 'finish' : 'sync'),
        );
        const output = (await Promise.all(pending)).flat();
        expect(nodeDecode(format, Buffer.concat(output)).equals(Buffer.concat(parts))).toBe(true);
      }),
    );
  });
});
