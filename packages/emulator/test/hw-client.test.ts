// SPDX-License-Identifier: Apache-2.0
// A hardware-protocol client in C (test/hw-client/hw-client.c, written from the specification)
// drives the emulator the way the hardware's drivers drive the device: its own sysfs reading,
// open/ioctl/mmap over the emulator transport, stateless SQEs, the phase bit, the status words,
// one SQ doorbell per submission and one CQ doorbell per CQE. Built here with the system's C
// compiler; run on hisi_qm_v2 and hisi_qm_v3, synchronously (one thread) and asynchronously (a
// sender thread and a poller thread), with 8 and with 1,000 requests in flight; every output is
// checked with node:zlib.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../src';
import { sample } from './support/sample';

const SOURCE = fileURLToPath(new URL('./hw-client/hw-client.c', import.meta.url));
const BLOCK = 4096;
const BLOCKS = 24;

const FORMATS = {
  deflate: { header: 0, compress: zlib.deflateRawSync, decompress: zlib.inflateRawSync },
  zlib: { header: 2, compress: zlib.deflateSync, decompress: zlib.inflateSync },
  gzip: { header: 10, compress: zlib.gzipSync, decompress: zlib.gunzipSync },
} as const;
type Algorithm = keyof typeof FORMATS;

let emulator: RunningEmulator;
let dir: string;
let binary: string;
const blocks = Array.from({ length: BLOCKS }, (_, index) => sample(BLOCK, index + 1));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'uacce-hw-client-'));
  binary = join(dir, 'hw-client');
  execFileSync('cc', ['-std=c11', '-O2', '-Wall', '-Wextra', '-Werror', '-pthread', '-o', binary, SOURCE]);
  emulator = await startEmulator({ devices: 2, api: ['hisi_qm_v2', 'hisi_qm_v3'], queuesPerDevice: 8 });
});

afterAll(async () => {
  await emulator?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function records(buffers: Buffer[]): Buffer {
  return Buffer.concat(
    buffers.flatMap((buffer) => {
      const length = Buffer.alloc(4);
      length.writeUInt32LE(buffer.length);
      return [length, buffer];
    }),
  );
}

interface Result {
  index: number;
  status: number;
  lstblk: number;
  consumed: number;
  output: Buffer;
}

function parse(bytes: Buffer): Result[] {
  const results: Result[] = [];
  for (let at = 0; at < bytes.length; ) {
    const produced = bytes.readUInt32LE(at + 16);
    results.push({
      index: bytes.readUInt32LE(at),
      status: bytes.readUInt32LE(at + 4),
      lstblk: bytes.readUInt32LE(at + 8),
      consumed: bytes.readUInt32LE(at + 12),
      output: bytes.subarray(at + 20, at + 20 + produced),
    });
    at += 20 + produced;
  }
  return results;
}

async function run(
  api: string,
  algorithm: Algorithm,
  direction: string,
  mode: string,
  inFlight: number,
  count: number,
  input: Buffer,
): Promise<Result[]> {
  const inputPath = join(dir, `${api}-${algorithm}-${direction}-${mode}-${inFlight}.in`);
  const outputPath = `${inputPath}.out`;
  writeFileSync(inputPath, input);
  const args = [
    emulator.sysfsRoot,
    emulator.socketPath,
    String(emulator.pid),
    api,
    algorithm,
    direction,
    mode,
  ];
  args.push(String(inFlight), String(count), inputPath, outputPath);
  // Asynchronously: the test worker stays responsive while the client runs.
  const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'], timeout: 120_000 });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const status = await new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  expect(stderr).toBe('');
  expect(status).toBe(0);
  return parse(readFileSync(outputPath));
}

const CASES: Array<[string, Algorithm, string]> = [
  ['hisi_qm_v3', 'deflate', 'sync'],
  ['hisi_qm_v3', 'gzip', 'async'],
  ['hisi_qm_v2', 'zlib', 'sync'],
  ['hisi_qm_v2', 'gzip', 'async'],
];

describe.each(CASES)('%s %s, %s', (api, algorithm, mode) => {
  const format = FORMATS[algorithm];
  it.each([
    [8, 200],
    [1000, 1500],
  ])(
    '%i in flight: %i compressions and as many decompressions, every output checked with node:zlib',
    async (inFlight, count) => {
      const compressed = await run(api, algorithm, 'compress', mode, inFlight, count, records(blocks));
      expect(compressed).toHaveLength(count);
      const header = format.compress(Buffer.alloc(0)).subarray(0, format.header);
      compressed.forEach((result, position) => {
        expect(result.index).toBe(position);
        expect(result.status).toBe(0);
        const stream = Buffer.concat([header, result.output]);
        expect(format.decompress(stream).equals(blocks[result.index % BLOCKS]!)).toBe(true);
      });
      const bodies = blocks.map((block) => format.compress(block).subarray(format.header));
      const restored = await run(api, algorithm, 'decompress', mode, inFlight, count, records(bodies));
      expect(restored).toHaveLength(count);
      restored.forEach((result, position) => {
        expect(result).toMatchObject({
          index: position,
          status: 0,
          lstblk: 1,
          consumed: bodies[position % BLOCKS]!.length,
        });
        expect(result.output.equals(blocks[position % BLOCKS]!)).toBe(true);
      });
    },
    240_000,
  );
});
