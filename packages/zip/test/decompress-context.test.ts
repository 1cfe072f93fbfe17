// SPDX-License-Identifier: Apache-2.0
// Stateful decompression against the emulator's context state (spec §4.6, §4.9, §7): streams of
// many small blocks fed in 1-byte and odd-sized pieces cross every block header, stored block and
// tail-cache state (ctx_st 0x3 with a head bit count, 0x2/0x1 with output pending), and a final
// block the device leaves cached is flushed by the driver's zero-input resubmission.
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { ZipFormat } from '../src/index';
import { HARDWARE_APIS, useEmulatedEngine } from './support/emulated-engine';
import { nodeDecode } from './support/oracles';

const { Z_SYNC_FLUSH, Z_FIXED, Z_DEFAULT_STRATEGY } = zlib.constants;

/**
 * A fixed-Huffman block 'x' (non-final, 18 bits) and an empty final stored block starting at bit
 * 18: 3 header bits, 3 of padding, then LEN/NLEN in the last 4 bytes. Split before those 4
 * bytes, the device caches the complete final block (38 bits) and needs one more request.
 */
const CACHED_FINAL_TAIL = Buffer.from('aa00040000ffff', 'hex');

const lines = Array.from(
  { length: 60 },
  (_, index) => `${index} ${'abcdefgh'.repeat(index % 9)} ${index * 7919}\n`,
);

function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (const byte of bytes) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/**
 * Raw deflate of `pieces`, each compressed on its own and ended with a sync flush (fixed and
 * dynamic blocks alternating, each followed by an empty stored block), then `end` (a final block).
 */
function manyBlocks(pieces: string[], end: Buffer): Buffer {
  const blocks = pieces.map((piece, index) =>
    zlib.deflateRawSync(piece, {
      finishFlush: Z_SYNC_FLUSH,
      strategy: index % 2 === 0 ? Z_FIXED : Z_DEFAULT_STRATEGY,
    }),
  );
  return Buffer.concat([...blocks, end]);
}

/** Wraps raw deflate in the zlib or gzip framing for `data`. */
function frame(format: ZipFormat, raw: Buffer, data: Buffer): Buffer {
  if (format === 'deflate-raw') return raw;
  if (format === 'zlib') {
    const trailer = Buffer.alloc(4);
    trailer.writeUInt32BE(adler32(data));
    return Buffer.concat([Buffer.from([0x78, 0x9c]), raw, trailer]);
  }
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(zlib.crc32(data));
  trailer.writeUInt32LE(data.length >>> 0, 4);
  return Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]), raw, trailer]);
}

const streams = {
  // Ends with a final fixed block holding the last piece.
  'small blocks': () => {
    const pieces = lines.slice(0, -1);
    const last = lines.at(-1) as string;
    const raw = manyBlocks(pieces, zlib.deflateRawSync(last, { strategy: Z_FIXED }));
    return { raw, data: Buffer.from(pieces.join('') + last) };
  },
  // Ends with the 'x' block and an empty final stored block.
  'a cached final block': () => {
    const raw = manyBlocks(lines.slice(0, 20), CACHED_FINAL_TAIL);
    return { raw, data: Buffer.from(`${lines.slice(0, 20).join('')}x`) };
  },
  // One dynamic block, a long header.
  'one dynamic block': () => {
    const data = Buffer.from(lines.join('').repeat(3));
    return { raw: zlib.deflateRawSync(data), data };
  },
};

describe.each(HARDWARE_APIS)('decompression context state on %s', (api) => {
  const emulated = useEmulatedEngine(api);

  /** Feeds `compressed` in pieces of `size` bytes, then an empty 'finish'. */
  async function decompressInPieces(format: ZipFormat, compressed: Buffer, size: number): Promise<Buffer> {
    const session = emulated.engine.createDecompressSession({ format });
    const output: Uint8Array[] = [];
    for (let offset = 0; offset < compressed.length; offset += size) {
      output.push(...(await session.write(compressed.subarray(offset, offset + size), 'none')));
    }
    expect(session.ended).toBe(true);
    output.push(...(await session.write(new Uint8Array(0), 'finish')));
    session.close();
    return Buffer.concat(output);
  }

  for (const [name, build] of Object.entries(streams)) {
    it(`${name}, every format the device serves, in 1, 3, 7 and 61-byte pieces`, async () => {
      const formats = emulated.engine.formats('decompress');
      expect(formats).toContain('zlib');
      for (const format of formats) {
        const { raw, data } = build();
        const compressed = frame(format, raw, data);
        const expected = nodeDecode(format, compressed);
        expect(expected.equals(data)).toBe(true);
        for (const size of [1, 3, 7, 61]) {
          expect((await decompressInPieces(format, compressed, size)).equals(expected)).toBe(true);
        }
      }
    });
  }

  it('a final block the device keeps cached (ctx_st 0x3) is flushed by one zero-input request', async () => {
    for (const format of emulated.engine.formats('decompress')) {
      const data = Buffer.from(`${lines.join('')}x`);
      const raw = Buffer.concat([
        zlib.deflateRawSync(lines.join(''), { finishFlush: Z_SYNC_FLUSH }),
        CACHED_FINAL_TAIL,
      ]);
      const compressed = frame(format, raw, data);
      const trailerLength = { 'deflate-raw': 0, zlib: 4, gzip: 8 }[format];
      const split = compressed.length - trailerLength - 4;
      const session = emulated.engine.createDecompressSession({ format });
      const output: Uint8Array[] = [];
      output.push(...(await session.write(compressed.subarray(0, split), 'none')));
      expect(session.ended).toBe(false);
      const before = emulated.engine.stats().decompress?.submitted ?? 0;
      // LEN/NLEN complete the final block inside the device's tail cache: the request that
      // carries them ends with ctx_st 0x3 and cached bits; a zero-input request flushes the block.
      output.push(...(await session.write(compressed.subarray(split, split + 4), 'none')));
      expect((emulated.engine.stats().decompress?.submitted ?? 0) - before).toBe(2);
      expect(session.ended).toBe(format === 'deflate-raw');
      output.push(...(await session.write(compressed.subarray(split + 4), 'finish')));
      expect(session.ended).toBe(true);
      expect(Buffer.concat(output).equals(nodeDecode(format, compressed))).toBe(true);
      session.close();
    }
  });
});
