// SPDX-License-Identifier: Apache-2.0
// Stream sessions end to end: Z_SYNC_FLUSH / Z_FINISH semantics, the empty final request,
// gathering under 'none', and decompression fed piece by piece with its end and trailing bytes.
import { spawnSync } from 'node:child_process';
import zlib from 'node:zlib';
import { ZlibDataError } from '@uacce/abi';
import { describe, expect, it } from 'vitest';
import type { ZipFormat } from '../src/index';
import { HARDWARE_APIS, useEmulatedEngine } from './support/emulated-engine';
import { caught } from './support/expect-error';
import { gzipCommandDecode, nodeDecode, nodeEncode } from './support/oracles';

const { Z_SYNC_FLUSH } = zlib.constants;

/** Decodes a stream that may not have ended yet (what a peer sees after a sync flush). */
function decodePartial(format: ZipFormat, bytes: Uint8Array): Buffer {
  const options = { finishFlush: Z_SYNC_FLUSH };
  if (format === 'gzip') return zlib.gunzipSync(bytes, options);
  if (format === 'zlib') return zlib.inflateSync(bytes, options);
  return zlib.inflateRawSync(bytes, options);
}

const events = Array.from({ length: 20 }, (_, index) =>
  Buffer.from(`event: tick\ndata: {"n":${index},"payload":"${'x'.repeat(index * 10)}"}\n\n`),
);

describe.each(HARDWARE_APIS)('sessions on %s', (api) => {
  const emulated = useEmulatedEngine(api);

  it('makes everything written so far decodable after each sync flush (server-sent events)', async () => {
    for (const format of emulated.engine.formats('compress')) {
      const session = emulated.engine.createCompressSession({ format });
      const sent: Uint8Array[] = [];
      for (let index = 0; index < events.length; index++) {
        sent.push(...(await session.write(events[index] as Buffer, 'sync')));
        const seen = decodePartial(format, Buffer.concat(sent));
        expect(seen.equals(Buffer.concat(events.slice(0, index + 1)))).toBe(true);
      }
      sent.push(...(await session.write(new Uint8Array(0), 'finish')));
      expect(session.finished).toBe(true);
      expect(nodeDecode(format, Buffer.concat(sent)).equals(Buffer.concat(events))).toBe(true);
      session.close();
    }
  });

  it('resets the history at a full flush, so a decoder can start there (Z_FULL_FLUSH)', async () => {
    const part = Buffer.concat(events);
    for (const format of emulated.engine.formats('compress')) {
      const session = emulated.engine.createCompressSession({ format });
      const before = Buffer.concat(await session.write(part, 'full'));
      const after = Buffer.concat([
        ...(await session.write(part, 'sync')),
        ...(await session.write(part, 'finish')),
      ]);
      const whole = Buffer.concat([before, after]);
      expect(nodeDecode(format, whole).equals(Buffer.concat([part, part, part]))).toBe(true);
      if (format === 'gzip') expect(gzipCommandDecode(whole).length).toBe(part.length * 3);
      if (format === 'deflate-raw') {
        // The same text again: without the reset it would be back-references into `before`.
        expect(zlib.inflateRawSync(after).equals(Buffer.concat([part, part]))).toBe(true);
      }
    }
  });

  it('gathers small writes under flush "none" and sends them with the next flush', async () => {
    for (const format of emulated.engine.formats('compress')) {
      const session = emulated.engine.createCompressSession({ format, level: 9 });
      for (const event of events) expect(await session.write(event, 'none')).toEqual([]);
      const output = [...(await session.write(Buffer.from('end'), 'finish'))];
      expect(
        nodeDecode(format, Buffer.concat(output)).equals(Buffer.concat([...events, Buffer.from('end')])),
      ).toBe(true);
    }
  });

  it('sends thousands of tiny gathered writes as one SGL-chained request', async () => {
    const session = emulated.engine.createCompressSession({ format: 'gzip' });
    const pieces = Array.from({ length: 5000 }, (_, index) => Buffer.from([97 + (index % 26)]));
    for (const piece of pieces) expect(await session.write(piece, 'none')).toEqual([]);
    const output = await session.write(new Uint8Array(0), 'finish');
    expect(zlib.gunzipSync(Buffer.concat(output)).equals(Buffer.concat(pieces))).toBe(true);
  });

  it('ends with the empty final block and trailer written by the driver (no data, and after data)', async () => {
    for (const format of emulated.engine.formats('compress')) {
      const empty = emulated.engine.createCompressSession({ format });
      const nothing = Buffer.concat(await empty.write(new Uint8Array(0), 'finish'));
      expect(nodeDecode(format, nothing).length).toBe(0);
      const after = emulated.engine.createCompressSession({ format });
      const body = await after.write(Buffer.from('payload'), 'sync');
      const end = await after.write(new Uint8Array(0), 'finish');
      const stream = Buffer.concat([...body, ...end]);
      expect(nodeDecode(format, stream).toString()).toBe('payload');
      if (format === 'gzip') expect(gzipCommandDecode(stream).toString()).toBe('payload');
    }
  });

  it('writes synchronously with the same result', () => {
    const session = emulated.engine.createCompressSession({ format: 'gzip' });
    const output = [
      ...session.writeSync(events[0] as Buffer, 'sync'),
      ...session.writeSync(events[1] as Buffer, 'finish'),
    ];
    expect(zlib.gunzipSync(Buffer.concat(output)).equals(Buffer.concat(events.slice(0, 2)))).toBe(true);
    const inflater = emulated.engine.createDecompressSession({ format: 'gzip' });
    expect(
      Buffer.concat(inflater.writeSync(Buffer.concat(output), 'finish')).equals(
        Buffer.concat(events.slice(0, 2)),
      ),
    ).toBe(true);
  });

  it('refuses a synchronous write while an asynchronous one is in progress', async () => {
    const session = emulated.engine.createCompressSession({ format: 'gzip' });
    const pending = session.write(Buffer.from('a'), 'sync');
    expect((await caught(() => session.writeSync(Buffer.from('b'), 'sync'))).code).toBe(
      'ERR_INVALID_ARG_VALUE',
    );
    await pending;
    expect(session.writeSync(Buffer.from('b'), 'finish').length).toBeGreaterThan(0);
  });

  it('refuses writes after finish and after close', async () => {
    const session = emulated.engine.createCompressSession({ format: 'zlib' });
    await session.write(Buffer.from('a'), 'finish');
    expect((await caught(() => session.write(Buffer.from('b'), 'none'))).code).toBe('ERR_INVALID_ARG_VALUE');
    const closed = emulated.engine.createDecompressSession({ format: 'zlib' });
    closed.close();
    closed.close();
    expect((await caught(() => closed.write(Buffer.from('b'), 'none'))).code).toBe('ERR_UACCE_QUEUE_CLOSED');
    expect((await caught(() => closed.write(Buffer.from('b'), 'later' as 'none'))).code).toBe(
      'ERR_INVALID_ARG_VALUE',
    );
  });

  it('decompresses a stream fed one byte at a time', async () => {
    const data = Buffer.concat(events);
    for (const format of emulated.engine.formats('decompress')) {
      const compressed = nodeEncode(format, data);
      const session = emulated.engine.createDecompressSession({ format });
      const output: Uint8Array[] = [];
      for (const byte of compressed) output.push(...(await session.write(Uint8Array.of(byte), 'none')));
      expect(session.ended).toBe(true);
      output.push(...(await session.write(new Uint8Array(0), 'finish')));
      expect(Buffer.concat(output).equals(data)).toBe(true);
    }
  });

  it('reports the end of the stream and keeps the bytes after it', async () => {
    for (const format of emulated.engine.formats('decompress')) {
      const compressed = nodeEncode(format, Buffer.from('body'));
      const tail = format === 'gzip' ? Buffer.from([0, 0, 7]) : Buffer.from('next request');
      const session = emulated.engine.createDecompressSession({ format });
      const output = await session.write(Buffer.concat([compressed, tail]), 'finish');
      expect(Buffer.concat(output).toString()).toBe('body');
      expect(session.ended).toBe(true);
      expect(Buffer.from(session.trailing).equals(tail)).toBe(true);
    }
  });

  it('continues with the next gzip member when it arrives in a later write', async () => {
    const session = emulated.engine.createDecompressSession({ format: 'gzip' });
    const first = await session.write(zlib.gzipSync('one,'), 'none');
    expect(session.ended).toBe(true);
    const second = await session.write(spawnSync('gzip', ['-c'], { input: 'two' }).stdout, 'finish');
    expect(Buffer.concat([...first, ...second]).toString()).toBe('one,two');
  });

  it('reports a stream cut short only when told the input is complete', async () => {
    const compressed = zlib.gzipSync(Buffer.concat(events));
    const session = emulated.engine.createDecompressSession({ format: 'gzip' });
    await session.write(compressed.subarray(0, compressed.length - 3), 'sync');
    expect(session.ended).toBe(false);
    const error = await caught(() => session.write(new Uint8Array(0), 'finish'));
    expect(error).toBeInstanceOf(ZlibDataError);
    expect(error.code).toBe('Z_BUF_ERROR');
    // A failed session stays failed.
    expect((await caught(() => session.write(compressed.subarray(-3), 'finish'))).code).toBe('Z_BUF_ERROR');
  });

  it('stops at maxOutputLength in a session', async () => {
    const session = emulated.engine.createDecompressSession({ format: 'zlib', maxOutputLength: 1000 });
    const error = await caught(() => session.write(zlib.deflateSync(Buffer.alloc(100_000)), 'finish'));
    expect(error.code).toBe('ERR_BUFFER_TOO_LARGE');
  });
});
