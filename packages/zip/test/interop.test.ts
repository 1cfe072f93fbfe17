// SPDX-License-Identifier: Apache-2.0
// Compatibility both ways: what the hardware path writes, node:zlib, pako and the gzip command
// read; what they write (every level, strategy and block type), the hardware path reads.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZIP_FORMATS, type ZipFormat } from '../src/index';
import { type EmulatedEngine, HARDWARE_APIS, startEmulatedEngine } from './support/emulated-engine';
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
const text = samples.find((sample) => sample.name === 'text')?.data as Buffer;

describe.each(HARDWARE_APIS)('on %s', (api) => {
  let emulated: EmulatedEngine;
  beforeAll(async () => {
    emulated = await startEmulatedEngine(api);
  });
  afterAll(async () => {
    await emulated?.stop();
  });

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

    it('pako at levels 0, 1, 6, 9', async () => {
      for (const format of decompressFormats()) {
        for (const level of [0, 9] as const) {
          for (const { data } of samples) {
            const compressed = pakoEncode(format, data, level);
            expect((await emulated.engine.decompress(format, compressed)).equals(data)).toBe(true);
          }
        }
      }
    });

    it('the gzip command at levels 1, 6, 9', async () => {
      for (const level of [1, 6, 9]) {
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
