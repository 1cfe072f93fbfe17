// SPDX-License-Identifier: Apache-2.0
// `node bench/dist/emulator-ring.js [--rounds N] [--in-flight N]`: the emulator's engine through
// its ring, side by side with node:zlib's one-shot calls on the same 64 KiB blocks. A client of
// the ring protocol (spec §3: SQEs in the SQ, one SQ doorbell per batch, CQEs by phase, one CQ
// doorbell per CQE) submits stateless requests for deflate-raw, zlib and gzip in both directions;
// node:zlib runs deflateRawSync/deflateSync/gzipSync and their inverses on the same blocks in the
// same process, round after round. Prints MB/s and the ratio (ring / node:zlib, median of the
// rounds); every output is checked. The emulator's speed is not the device's: this measures how
// far the emulator slows the hardware-path tests, nothing about a real accelerator.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect, type Socket } from 'node:net';
import { parseArgs } from 'node:util';
import zlib from 'node:zlib';
import { startEmulator } from '@uacce/emulator';
import type { NativeBinding } from '@uacce/native';
import { loadEmulatorBinding } from '@uacce/native/emulator';

const BLOCK = 64 * 1024;
const DEPTH = 1024;
const CQ = 128 * DEPTH;
const FORMATS = [
  { name: 'deflate-raw', type: 1, header: 0, compress: zlib.deflateRawSync, decompress: zlib.inflateRawSync },
  { name: 'zlib', type: 2, header: 2, compress: zlib.deflateSync, decompress: zlib.inflateSync },
  { name: 'gzip', type: 3, header: 10, compress: zlib.gzipSync, decompress: zlib.gunzipSync },
] as const;

function corpus(): Buffer[] {
  const text = readFileSync(createRequire(import.meta.url).resolve('typescript/lib/typescript.js'));
  const blocks: Buffer[] = [];
  for (let offset = 0; offset + BLOCK <= text.length && blocks.length < 96; offset += BLOCK)
    blocks.push(text.subarray(offset, offset + BLOCK));
  return blocks;
}

/** One open file of the emulated device, started with both regions mapped. */
class Ring {
  private nextId = 1;
  private readonly waiting = new Map<number, (reply: Record<string, unknown>) => void>();
  private tail = 0;
  private head = 0;
  private phase = 1;
  dus!: Buffer;
  mmio!: ArrayBuffer;
  queue = 0;

  private constructor(
    private readonly native: NativeBinding,
    private readonly socket: Socket,
  ) {
    let buffered = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      for (let newline = buffered.indexOf('\n'); newline >= 0; newline = buffered.indexOf('\n')) {
        const message = JSON.parse(buffered.slice(0, newline)) as Record<string, unknown>;
        buffered = buffered.slice(newline + 1);
        if (typeof message.id === 'number') this.waiting.get(message.id)?.(message);
      }
    });
  }

  static async open(socketPath: string, emulatorPid: number, qcType: number): Promise<Ring> {
    const native = loadEmulatorBinding();
    try {
      native.setPtracer(emulatorPid);
    } catch {
      // No Yama.
    }
    const ring = new Ring(native, connect(socketPath));
    await ring.call('open', { device: 'hisi_zip-0', pid: process.pid });
    ring.dus = Buffer.from(await ring.map(4096, 0x25000));
    ring.mmio = await ring.map(0, 8192);
    const ctx = Buffer.alloc(4);
    ctx.writeUInt16LE(qcType, 2);
    const reply = await ring.call('ioctl', { request: 0xc004480a, arg: ctx.toString('base64') });
    ring.queue = Buffer.from(String(reply.arg), 'base64').readUInt16LE(0);
    await ring.call('ioctl', { request: 0x5700 });
    return ring;
  }

  private call(op: string, fields: Record<string, unknown>): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, (reply) => (reply.ok ? resolve(reply) : reject(new Error(String(reply.errno)))));
      this.socket.write(`${JSON.stringify({ id, op, ...fields })}\n`);
    });
  }

  private async map(offset: number, length: number): Promise<ArrayBuffer> {
    const reply = await this.call('mmap', { offset, length });
    const fd = this.native.open(String(reply.path), 2);
    try {
      return this.native.mmap(fd, length, 0);
    } finally {
      this.native.close(fd);
    }
  }

  private doorbell(command: number, index: number): void {
    this.native.mmioStore64(this.mmio, 0x1000, (BigInt(index) << 32n) | BigInt((command << 12) | this.queue));
  }

  /**
   * Runs one stateless request per input, `inFlight` at a time; returns each output (produced
   * bytes) after checking the status.
   */
  run(type: number, inputs: Buffer[], outputs: Buffer[], inFlight: number): Buffer[] {
    const results: Buffer[] = [];
    let submitted = 0;
    const sqe = Buffer.alloc(128);
    while (results.length < inputs.length) {
      let batch = 0;
      while (submitted < inputs.length && submitted - results.length < inFlight) {
        sqe.fill(0);
        sqe.writeUInt32LE(inputs[submitted]!.length, 4 * 4);
        sqe.writeUInt32LE(((1 << 25) | (1 << 27) | (3 << 28)) >>> 0, 7 * 4);
        sqe.writeUInt32LE(type | (4 << 12), 9 * 4);
        sqe.writeUInt32LE(submitted + 1, 26 * 4);
        sqe.writeUInt32LE(outputs[submitted]!.length, 14 * 4);
        sqe.writeBigUInt64LE(this.native.addressOf(inputs[submitted]!), 18 * 4);
        sqe.writeBigUInt64LE(this.native.addressOf(outputs[submitted]!), 20 * 4);
        sqe.copy(this.dus, this.tail * 128);
        this.tail = (this.tail + 1) % DEPTH;
        submitted += 1;
        batch += 1;
      }
      if (batch > 0) this.doorbell(0, this.tail);
      const cqe = CQ + this.head * 16;
      if ((this.dus.readUInt16LE(cqe + 14) & 1) !== this.phase) continue;
      this.native.readBarrier();
      const slot = this.dus.readUInt16LE(cqe + 8) * 128;
      const index = this.dus.readUInt32LE(slot + 26 * 4) - 1;
      const status = this.dus.readUInt32LE(slot + 3 * 4) & 0xff;
      if (index !== results.length || (status !== 0 && status !== 0x13))
        throw new Error(`request ${results.length}: status 0x${status.toString(16)}, tag ${index + 1}`);
      results.push(outputs[index]!.subarray(0, this.dus.readUInt32LE(slot + 4)));
      this.head = (this.head + 1) % DEPTH;
      if (this.head === 0) this.phase ^= 1;
      this.doorbell(1, this.head);
    }
    return results;
  }

  close(): void {
    this.socket.destroy();
  }
}

function seconds(run: () => void): number {
  const started = performance.now();
  run();
  return (performance.now() - started) / 1000;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { rounds: { type: 'string', default: '5' }, 'in-flight': { type: 'string', default: '8' } },
  });
  const rounds = Number(values.rounds);
  const inFlight = Number(values['in-flight']);
  const blocks = corpus();
  const megabytes = (blocks.length * BLOCK) / 1e6;
  const emulator = await startEmulator({ queuesPerDevice: 4 });
  const compressor = await Ring.open(emulator.socketPath, emulator.pid, 0);
  const decompressor = await Ring.open(emulator.socketPath, emulator.pid, 1);
  const rows: string[] = [];
  try {
    for (const format of FORMATS) {
      const framed = blocks.map((block) => format.compress(block));
      // The device neither writes nor reads the header (spec §4.8): the ring gets what follows it.
      const bodies = framed.map((stream) => stream.subarray(format.header));
      const compressSpace = blocks.map((block) => Buffer.alloc(block.length + 1024));
      const decompressSpace = blocks.map((block) => Buffer.alloc(block.length));
      const ratios = { compress: [] as number[], decompress: [] as number[] };
      const speeds = { compress: [] as number[][], decompress: [] as number[][] };
      for (let round = 0; round < rounds; round++) {
        const nodeCompress = seconds(() => {
          for (const block of blocks) format.compress(block);
        });
        let produced: Buffer[] = [];
        const ringCompress = seconds(() => {
          produced = compressor.run(format.type, blocks, compressSpace, inFlight);
        });
        produced.forEach((body, index) => {
          const stream = Buffer.concat([framed[index]!.subarray(0, format.header), body]);
          if (!format.decompress(stream).equals(blocks[index]!))
            throw new Error(`${format.name}: bad output`);
        });
        const nodeDecompress = seconds(() => {
          for (const stream of framed) format.decompress(stream);
        });
        let restored: Buffer[] = [];
        const ringDecompress = seconds(() => {
          restored = decompressor.run(format.type, bodies, decompressSpace, inFlight);
        });
        restored.forEach((output, index) => {
          if (!output.equals(blocks[index]!)) throw new Error(`${format.name}: bad decompression`);
        });
        ratios.compress.push(nodeCompress / ringCompress);
        ratios.decompress.push(nodeDecompress / ringDecompress);
        speeds.compress.push([megabytes / nodeCompress, megabytes / ringCompress]);
        speeds.decompress.push([megabytes / nodeDecompress, megabytes / ringDecompress]);
      }
      for (const direction of ['compress', 'decompress'] as const) {
        const node = median(speeds[direction].map(([zlibSpeed]) => zlibSpeed!));
        const ring = median(speeds[direction].map(([, ringSpeed]) => ringSpeed!));
        const ratio = median(ratios[direction]);
        rows.push(
          `| ${format.name} | ${direction} | ${node.toFixed(1)} | ${ring.toFixed(1)} | ${ratio.toFixed(2)}× |`,
        );
      }
    }
  } finally {
    compressor.close();
    decompressor.close();
    await emulator.stop();
  }
  const load = (await import('node:os')).loadavg().map((value) => value.toFixed(2));
  process.stdout.write(
    `${blocks.length} blocks of 64 KiB (typescript.js), ${inFlight} in flight, median of ${rounds} rounds, load average ${load.join(' / ')}\n\n` +
      '| format | direction | node:zlib one-shot MB/s | emulator ring MB/s | ratio |\n| --- | --- | --- | --- | --- |\n' +
      `${rows.join('\n')}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`emulator-ring failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
