// SPDX-License-Identifier: Apache-2.0
// One measured round trip of the demo: compress the input on an engine, decompress it on the
// same engine, and check length and CRC-32 against the input.
import { Readable, Transform, type TransformCallback, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32 } from 'node:zlib';
import { createGunzip, createGzip } from '@uacce/stream';
import type { Engine } from './args';
import type { DemoInput } from './demo-input';
import { type EngineLabel, labelEngine } from './throughput';

/** What one engine's round trip measured. */
export interface RoundTrip {
  /** Who compressed: hardware, emulated hardware or software. */
  label: EngineLabel;
  device: string | undefined;
  fallbackReason: string | undefined;
  bytesIn: number;
  bytesOut: number;
  compressNs: bigint;
  decompressNs: bigint;
  /** The decompressed bytes equal the input (length and CRC-32). */
  ok: boolean;
}

/** Counts bytes and their CRC-32 as they pass. */
class Checksum extends Transform {
  bytes = 0;
  crc = 0;
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    this.crc = crc32(chunk, this.crc);
    callback(null, chunk);
  }
}

function collect(into: Buffer[]): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      into.push(chunk);
      callback();
    },
  });
}

function discard(): Writable {
  return new Writable({ write: (_chunk, _encoding, callback) => callback() });
}

/** Runs one round trip on `engine`; rejects only if the library itself throws. */
export async function roundTrip(input: DemoInput, engine: Engine, level = 6): Promise<RoundTrip> {
  const original = new Checksum();
  const compressed: Buffer[] = [];
  const gzip = createGzip({ level, engine });
  let started = process.hrtime.bigint();
  await pipeline(input.open(), original, gzip, collect(compressed));
  const compressNs = process.hrtime.bigint() - started;

  const restored = new Checksum();
  const gunzip = createGunzip({ engine });
  started = process.hrtime.bigint();
  await pipeline(Readable.from(compressed), gunzip, restored, discard());
  const decompressNs = process.hrtime.bigint() - started;

  return {
    label: labelEngine(gzip.engineInfo),
    device: gzip.engineInfo.device,
    fallbackReason: gzip.fallbackReason,
    bytesIn: original.bytes,
    bytesOut: compressed.reduce((total, chunk) => total + chunk.length, 0),
    compressNs,
    decompressNs,
    ok: restored.bytes === original.bytes && restored.crc === original.crc,
  };
}
