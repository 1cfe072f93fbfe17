// SPDX-License-Identifier: Apache-2.0
// What zip gives a caller that must go on without the device: the compression hand-over (header,
// history, running check, trailer) and the decompression progress, and the software check of
// decompressed output that catches a device returning wrong bytes with right checksum words.
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { CompressHandover, ZipFormat } from '../src/index';
import { HARDWARE_APIS, useEmulatedEngine } from './support/emulated-engine';
import { nodeDecode, nodeEncode } from './support/oracles';

const text = Buffer.from(
  Array.from({ length: 3000 }, (_, i) => `line ${i}: the quick brown fox ${i % 17}\n`).join(''),
);
const EMPTY = new Uint8Array(0);

/** Finishes a stream in software from `handover`, as @uacce/stream does after a device failure. */
function continueInSoftware(handover: CompressHandover, rest: readonly Uint8Array[]): Buffer {
  const dictionary = handover.history.length > 0 ? handover.history : undefined;
  const input = Buffer.concat([handover.unflushed, ...rest]);
  for (const chunk of rest) handover.update(chunk);
  const body = zlib.deflateRawSync(input, dictionary ? { dictionary } : {});
  return Buffer.concat([handover.header, body, handover.trailer()]);
}

describe.each(HARDWARE_APIS)('hand-over and progress on %s', (api) => {
  const emulated = useEmulatedEngine(api);
  const formats: ZipFormat[] = ['gzip', 'zlib', 'deflate-raw'];

  it.each(formats)(
    '%s: a stream the device started is finished in software from the hand-over',
    async (format) => {
      const parts = [text.subarray(0, 50_000), EMPTY, text.subarray(50_000, 90_000), text.subarray(90_000)];
      const session = emulated.engine.createCompressSession({ format });
      const out: Uint8Array[] = [];
      out.push(...(await session.write(parts[0]!, 'sync')));
      out.push(...(await session.write(parts[1]!, 'sync')));
      out.push(...(await session.write(parts[2]!, 'none'))); // held back: below the gathering threshold
      const handover = session.handOver();
      session.close();
      expect(handover.header.length).toBe(0);
      expect(Buffer.from(handover.history).equals(text.subarray(50_000 - 32 * 1024, 50_000))).toBe(true);
      expect(handover.unflushed.length).toBe(40_000);
      const whole = Buffer.concat([...out, continueInSoftware(handover, [EMPTY, parts[3]!, EMPTY])]);
      expect(nodeDecode(format, whole).equals(text)).toBe(true);
    },
  );

  it.each(formats)('%s: a hand-over before any output carries the header', async (format) => {
    const session = emulated.engine.createCompressSession({ format, level: 9 });
    const handover = session.handOver();
    session.close();
    expect(
      Buffer.from(handover.header).equals(
        nodeEncode(format, EMPTY, { level: 9 }).subarray(0, handover.header.length),
      ),
    ).toBe(true);
    const whole = continueInSoftware(handover, [EMPTY, text, EMPTY]);
    expect(nodeDecode(format, whole).equals(text)).toBe(true);
  });

  it.each(formats)('%s: empty chunks at every position keep the trailer right', async (format) => {
    const pieces = [
      EMPTY,
      text.subarray(0, 5),
      EMPTY,
      text.subarray(5, 100_000),
      EMPTY,
      text.subarray(100_000),
      EMPTY,
    ];
    const session = emulated.engine.createCompressSession({ format });
    const out: Uint8Array[] = [];
    for (const piece of pieces) out.push(...(await session.write(piece, 'sync')));
    out.push(...(await session.write(EMPTY, 'finish')));
    expect(nodeDecode(format, Buffer.concat(out)).equals(text)).toBe(true);
  });

  it.each(formats)('%s: decompression reports consumed, produced and the output checksum', async (format) => {
    if (!emulated.engine.supports(format, 'decompress')) return;
    const compressed = nodeEncode(format, text);
    const session = emulated.engine.createDecompressSession({ format });
    const out: Uint8Array[] = [];
    for (let offset = 0; offset < compressed.length; offset += 7000) {
      out.push(...(await session.write(compressed.subarray(offset, offset + 7000), 'none')));
      out.push(...(await session.write(EMPTY, 'none')));
    }
    const { consumed, produced, checksum } = session.progress;
    const check = session.outputCheck();
    check.add(Buffer.concat(out));
    session.close();
    expect(consumed).toBe(compressed.length);
    expect(produced).toBe(text.length);
    expect(checksum).toBe(check.value);
    expect(checksum).toBe(
      format === 'zlib' ? compressed.readUInt32BE(compressed.length - 4) : zlib.crc32(text),
    );
  });

  it('a write with maxOutput stops near it; writing again with no input goes on (members too)', async () => {
    const zeros = Buffer.alloc(20 * 1024 * 1024);
    const members = Buffer.concat([zlib.gzipSync(zeros), zlib.gzipSync(text)]);
    const session = emulated.engine.createDecompressSession({ format: 'gzip' });
    let produced = 0;
    let writes = 0;
    let input: Uint8Array = members;
    do {
      const out = Buffer.concat(await session.write(input, 'finish', { maxOutput: 1024 * 1024 }));
      input = EMPTY;
      // At most the limit plus one request's output buffer (8 MiB).
      expect(out.length).toBeLessThanOrEqual(9 * 1024 * 1024);
      produced += out.length;
      writes++;
    } while (session.hasPendingWork);
    expect(session.ended).toBe(true);
    expect(produced).toBe(zeros.length + text.length);
    expect(session.progress.checksum).toBe(zlib.crc32(text, zlib.crc32(zeros)));
    expect(writes).toBeGreaterThan(2);
    session.close();
  });

  it('gzip members: progress covers every member', async () => {
    const members = Buffer.concat([
      zlib.gzipSync(text.subarray(0, 1000)),
      zlib.gzipSync(text.subarray(1000)),
    ]);
    const session = emulated.engine.createDecompressSession({ format: 'gzip' });
    await session.write(members, 'finish');
    expect(session.progress.checksum).toBe(zlib.crc32(text));
    expect(session.progress.produced).toBe(text.length);
    session.close();
  });

  it.each(['gzip', 'zlib'] as const)(
    '%s: wrong bytes with right checksum words are a data error, block and session',
    async (format) => {
      const compressed = nodeEncode(format, text);
      await emulated.emulator.faults.corrupt(emulated.engine.device, 1000);
      try {
        await expect(emulated.engine.decompress(format, compressed)).rejects.toMatchObject({
          code: 'Z_DATA_ERROR',
        });
        expect(() => emulated.engine.decompressSync(format, compressed)).toThrow(
          expect.objectContaining({ code: 'Z_DATA_ERROR' }),
        );
        const session = emulated.engine.createDecompressSession({ format });
        await expect(session.write(compressed, 'finish')).rejects.toMatchObject({ code: 'Z_DATA_ERROR' });
        session.close();
      } finally {
        await emulated.emulator.faults.corrupt(emulated.engine.device, 0);
      }
      expect(nodeDecode(format, await emulated.engine.compress(format, text)).equals(text)).toBe(true);
    },
  );
});
