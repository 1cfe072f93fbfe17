// SPDX-License-Identifier: Apache-2.0
// Compatibility both ways: what the hardware path writes, node:zlib, pako and the gzip command
// read; what they write (every level, strategy and block type), the hardware path reads.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import zlib from 'node:zlib';
import * as pako from 'pako';
import { describe, expect, it } from 'vitest';
import { ZIP_FORMATS, type ZipFormat } from '../src/index';
import { HARDWARE_APIS, useEmulatedEngine } from './support/emulated-engine';
import {
  gzipCommandDecode,
  gzipCommandEncode,
  nodeDecode,
  nodeEncode,
  pakoDecode,
  pakoEncode,
  sampleInputs,
} from './support/oracles';

const samples = sampleInputs();

/** node:zlib on a stream that is not finished: everything up to its last flush point. */
function zlibStreamDecode(format: ZipFormat, prefix: Buffer): Buffer {
  const options = { finishFlush: zlib.constants.Z_SYNC_FLUSH };
  if (format === 'gzip') return zlib.gunzipSync(prefix, options);
  if (format === 'zlib') return zlib.inflateSync(prefix, options);
  return zlib.inflateRawSync(prefix, options);
}
const text = samples.find((sample) => sample.name === 'text')?.data as Buffer;

describe.each(HARDWARE_APIS)('on %s', (api) => {
  const emulated = useEmulatedEngine(api);

  const compressFormats = (): ZipFormat[] => emulated.engine.formats('compress');
  const decompressFormats = (): ZipFormat[] => emulated.engine.formats('decompress');

  describe('hardware output is read by the references', () => {
    it.each(samples.map((sample) => [sample.name, sample.data] as const))('%s', async (_name, data) => {
      for (const format of compressFormats()) {
        const compressed = await emulated.engine.compress(format, data);
        expect(nodeDecode(format, compressed).equals(data)).toBe(true);
        expect(Buffer.from(pakoDecode(format, compressed)).equals(data)).toBe(true);
        if (format === 'gzip') expect(gzipCommandDecode(compressed).equals(data)).toBe(true);
      }
    });

    it('at every level and window size', async () => {
      for (const format of compressFormats()) {
        for (let level = -1; level <= 9; level++) {
          for (const windowBits of [8, 9, 12, 13, 14, 15]) {
            const compressed = await emulated.engine.compress(format, text, { level, windowBits });
            expect(nodeDecode(format, compressed).equals(text)).toBe(true);
            expect(Buffer.from(pakoDecode(format, compressed)).equals(text)).toBe(true);
            if (format === 'gzip') expect(gzipCommandDecode(compressed).equals(text)).toBe(true);
          }
        }
      }
    });

    it('session output with sync and full flushes, read whole and up to each sync flush', async () => {
      const pieces = [text.subarray(0, 1), text.subarray(1, 70_000), Buffer.alloc(0), text.subarray(70_000)];
      const flushes = ['sync', 'full', 'sync', 'finish'] as const;
      for (const format of compressFormats()) {
        const session = emulated.engine.createCompressSession({ format });
        const output: Uint8Array[] = [];
        const flushedPrefixes: Buffer[] = [];
        for (const [index, piece] of pieces.entries()) {
          output.push(...(await session.write(piece, flushes[index]!)));
          flushedPrefixes.push(Buffer.concat(output));
        }
        const whole = Buffer.concat(output);
        expect(nodeDecode(format, whole).equals(text)).toBe(true);
        expect(Buffer.from(pakoDecode(format, whole)).equals(text)).toBe(true);
        if (format === 'gzip') expect(gzipCommandDecode(whole).equals(text)).toBe(true);
        // After a sync flush everything written so far decodes (Z_SYNC_FLUSH), by pako too.
        const written = pieces.slice(0, 2).reduce((sum, piece) => sum + piece.length, 0);
        const prefix = flushedPrefixes[1]!;
        const inflater = format === 'deflate-raw' ? new pako.Inflate({ raw: true }) : new pako.Inflate();
        inflater.push(prefix, pako.Z_SYNC_FLUSH);
        expect(inflater.err).toBe(0);
        const partial = Buffer.concat(inflater.chunks);
        expect(
          zlibStreamDecode(format, prefix).equals(text.subarray(0, written)),
          'node:zlib reads the flushed prefix',
        ).toBe(true);
        expect(partial.equals(text.subarray(0, written))).toBe(true);
      }
    });

    it('serves every format in both directions on v3, and all but raw deflate decompression on v2', () => {
      expect(compressFormats()).toEqual([...ZIP_FORMATS]);
      expect(decompressFormats()).toEqual(api === 'hisi_qm_v2' ? ['zlib', 'gzip'] : [...ZIP_FORMATS]);
    });
  });

  describe('reference output is read by the hardware path', () => {
    it.each(samples.map((sample) => [sample.name, sample.data] as const))(
      'node:zlib at every level: %s',
      async (_name, data) => {
        for (const format of decompressFormats()) {
          for (let level = 0; level <= 9; level++) {
            const compressed = nodeEncode(format, data, { level });
            expect((await emulated.engine.decompress(format, compressed)).equals(data)).toBe(true);
          }
        }
      },
    );

    it('node:zlib with every strategy (stored, fixed, dynamic, huffman-only, rle, filtered)', async () => {
      const { Z_FILTERED, Z_HUFFMAN_ONLY, Z_RLE, Z_FIXED, Z_DEFAULT_STRATEGY } = zlib.constants;
      for (const format of decompressFormats()) {
        for (const strategy of [Z_FILTERED, Z_HUFFMAN_ONLY, Z_RLE, Z_FIXED, Z_DEFAULT_STRATEGY]) {
          for (const windowBits of strategy === Z_DEFAULT_STRATEGY ? [9, 12, 15] : [15]) {
            const compressed = nodeEncode(format, text, { strategy, windowBits });
            expect((await emulated.engine.decompress(format, compressed)).equals(text)).toBe(true);
          }
        }
      }
    });

    it('pako at every level', async () => {
      for (const format of decompressFormats()) {
        for (const level of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] as const) {
          for (const { data } of samples) {
            const compressed = pakoEncode(format, data, level);
            expect((await emulated.engine.decompress(format, compressed)).equals(data)).toBe(true);
          }
        }
      }
    });

    it('the gzip command at every level it has (1 to 9)', async () => {
      for (let level = 1; level <= 9; level++) {
        for (const { data } of samples) {
          const compressed = gzipCommandEncode(data, level);
          expect((await emulated.engine.decompress('gzip', compressed)).equals(data)).toBe(true);
        }
      }
    });

    it('a file with its name and time stored by gzip -N (FNAME)', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'uacce-zip-'));
      try {
        writeFileSync(join(dir, 'report.txt'), text);
        spawnSync('gzip', ['-N', '-9', join(dir, 'report.txt')]);
        const compressed = readFileSync(join(dir, 'report.txt.gz'));
        expect(compressed[3]! & 0x08).toBe(0x08);
        expect((await emulated.engine.decompress('gzip', compressed)).equals(text)).toBe(true);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('multi-member gzip (concatenated files) in full, like gunzip', async () => {
      const parts = [Buffer.from('first member\n'), Buffer.alloc(0), text, Buffer.from('last')];
      const members = Buffer.concat([
        gzipCommandEncode(parts[0]!, 6),
        zlib.gzipSync(parts[1]!),
        Buffer.from(pakoEncode('gzip', parts[2]!)),
        await emulated.engine.compress('gzip', parts[3]!),
      ]);
      const expected = Buffer.concat(parts);
      expect(gzipCommandDecode(members).equals(expected)).toBe(true);
      expect((await emulated.engine.decompress('gzip', members)).equals(expected)).toBe(true);
    });
  });
});
