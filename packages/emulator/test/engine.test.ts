// SPDX-License-Identifier: Apache-2.0
// The ZIP engine without the ring: framing, checksum words and the edge cases of spec §4.6/§8.
import { randomBytes } from 'node:crypto';
import { crc32, deflateRawSync, deflateSync, gzipSync, inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { adler32, checksumWordToCrc, crcToChecksumWord } from '../src/checksum';
import { bufferContextArea } from '../src/context-area';
import type { EngineRequest } from '../src/engine-types';
import { compressStateful, decompressStateful } from '../src/stateful-engine';
import { compressStateless, decompressStateless } from '../src/stateless-engine';
import { CTX_ST, ZIP_STATUS } from '../src/status';
import { StreamContexts } from '../src/stream-contexts';
import { sample } from './support/sample';

function request(fields: Partial<EngineRequest> & Pick<EngineRequest, 'input'>): EngineRequest {
  return {
    algorithm: 'gzip',
    windowSize: 4,
    capacity: 1 << 20,
    finish: true,
    streamNew: true,
    checksumWord: 0,
    isizeWord: 0,
    ...fields,
  };
}

describe('checksum words (spec §4.5)', () => {
  it('Adler-32 matches the trailer node:zlib writes', () => {
    const input = sample(70_000);
    expect(adler32(1, input)).toBe(deflateSync(input).readUInt32BE(deflateSync(input).length - 4));
  });

  it('gzip DW31 is ~bitreverse32(crc32) and converts back', () => {
    const crc = crc32(sample(1000));
    const word = crcToChecksumWord(crc);
    expect(checksumWordToCrc(word)).toBe(crc);
    expect(crcToChecksumWord(0)).toBe(0xffffffff);
  });
});

describe('stateless engine', () => {
  it('writes the gzip trailer (CRC-32, ISIZE) and reports them in DW31/DW30', () => {
    const input = sample(5000);
    const result = compressStateless(request({ input }));
    const trailer = result.output.subarray(result.output.length - 8);
    expect(trailer.readUInt32LE(0)).toBe(crc32(input));
    expect(trailer.readUInt32LE(4)).toBe(5000);
    expect(result.isize).toBe(5000);
    expect(checksumWordToCrc(result.checksum)).toBe(crc32(input));
  });

  it('decompression stops at the first stream end; consumed excludes trailing bytes', () => {
    const body = gzipSync(sample(3000)).subarray(10);
    const input = Buffer.concat([body, Buffer.from('trailing garbage')]);
    const result = decompressStateless(request({ input }));
    expect(result).toMatchObject({ status: ZIP_STATUS.OK, lstblk: 1, consumed: body.length });
  });

  it('truncated input completes with status 0, lstblk 0 and everything consumed', () => {
    const body = deflateRawSync(sample(30_000));
    const input = body.subarray(0, body.length >> 1);
    const result = decompressStateless(request({ algorithm: 'deflate', input }));
    expect(result).toMatchObject({ status: ZIP_STATUS.OK, lstblk: 0, consumed: input.length });
    expect(sample(30_000).subarray(0, result.output.length).equals(result.output)).toBe(true);
  });

  it('output that fits exactly is a complete decompression', () => {
    const body = deflateRawSync(sample(10_000));
    const result = decompressStateless(request({ algorithm: 'deflate', input: body, capacity: 10_000 }));
    expect(result).toMatchObject({ status: ZIP_STATUS.OK, lstblk: 1 });
    expect(result.output.length).toBe(10_000);
  });

  it('outputs larger than one internal chunk round-trip', () => {
    const input = Buffer.concat([sample(700_000, 11), randomBytes(400_000)]);
    const compressed = compressStateless(request({ algorithm: 'deflate', input, capacity: 2 << 20 }));
    expect(compressed.status).toBe(ZIP_STATUS.OK);
    const result = decompressStateless(
      request({ algorithm: 'deflate', input: compressed.output, capacity: 8 << 20 }),
    );
    expect(result).toMatchObject({ status: ZIP_STATUS.OK, lstblk: 1 });
    expect(result.output.equals(input)).toBe(true);
    const streamed = compressStateful(request({ algorithm: 'deflate', input, capacity: 2 << 20 }), {
      contexts: new StreamContexts(),
      pid: 1,
      token: 64n,
      area: bufferContextArea(Buffer.alloc(0x9800)),
    });
    expect(streamed.status).toBe(ZIP_STATUS.OK);
    expect(inflateRawSync(streamed.output).equals(input)).toBe(true);
  });

  it('output one byte short is 0x0E', () => {
    const body = deflateRawSync(sample(10_000));
    expect(decompressStateless(request({ algorithm: 'deflate', input: body, capacity: 9_999 })).status).toBe(
      ZIP_STATUS.DEST_TOO_SMALL,
    );
  });
});

describe('stateful engine', () => {
  const key = () => ({
    contexts: new StreamContexts(),
    pid: 1,
    token: 0x1000n,
    area: bufferContextArea(Buffer.alloc(0x9800)),
  });

  it('a continuation of an unknown stream is a bad request', () => {
    const result = compressStateful(request({ input: sample(100), streamNew: false }), key());
    expect(result.status).toBe(ZIP_STATUS.BAD_REQUEST);
  });

  it('output that does not fit is 0x0E and the stream must restart', () => {
    const where = key();
    const input = Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 7919) & 0xff));
    expect(compressStateful(request({ input, capacity: 300, finish: false }), where).status).toBe(
      ZIP_STATUS.DEST_TOO_SMALL,
    );
    expect(compressStateful(request({ input, streamNew: false }), where).status).toBe(ZIP_STATUS.BAD_REQUEST);
  });

  it('sync flush output ends with the empty stored block 00 00 FF FF', () => {
    const result = compressStateful(request({ input: sample(2000), finish: false }), key());
    expect(result.output.subarray(-4).equals(Buffer.from([0, 0, 0xff, 0xff]))).toBe(true);
    expect(inflateRawSync(result.output, { finishFlush: 2 }).equals(sample(2000))).toBe(true);
  });

  it('a sync flush with no new input writes nothing; history stays; the stream goes on', () => {
    const where = key();
    const text = sample(3000);
    const first = compressStateful(request({ algorithm: 'deflate', input: text, finish: false }), where);
    const idle = compressStateful(
      request({ algorithm: 'deflate', input: Buffer.alloc(0), finish: false, streamNew: false }),
      where,
    );
    expect(idle).toMatchObject({ status: ZIP_STATUS.OK, consumed: 0, ctxDw2: text.length });
    expect(idle.output.length).toBe(0);
    const last = compressStateful(
      request({ algorithm: 'deflate', input: text, finish: true, streamNew: false }),
      where,
    );
    const decoded = inflateRawSync(Buffer.concat([first.output, last.output]));
    expect(decoded.equals(Buffer.concat([text, text]))).toBe(true);
    // The second copy is one back-reference into the history kept in the area.
    expect(last.output.length).toBeLessThan(100);
  });

  it('decompression reports ctx_st 0x2 when the output fills, and resumes where it stopped', () => {
    const where = key();
    const input = deflateRawSync(sample(50_000));
    const first = decompressStateful(request({ algorithm: 'deflate', input, capacity: 1000 }), where);
    expect(first.ctxDw0 & 0xf).toBe(CTX_ST.DECOMPING_NO_SPACE);
    expect(first.output.length).toBe(1000);
    const rest = decompressStateful(
      request({ algorithm: 'deflate', input: input.subarray(first.consumed), streamNew: false }),
      where,
    );
    expect(rest).toMatchObject({ status: ZIP_STATUS.DECOMP_END, lstblk: 1 });
    expect(Buffer.concat([first.output, rest.output]).equals(sample(50_000))).toBe(true);
  });

  it('a trailer split across requests is collected before 0x13', () => {
    const where = key();
    const body = gzipSync(sample(5000)).subarray(10);
    const first = decompressStateful(request({ input: body.subarray(0, body.length - 3) }), where);
    expect(first).toMatchObject({ status: ZIP_STATUS.OK, lstblk: 0 });
    const second = decompressStateful(
      request({
        input: body.subarray(first.consumed),
        streamNew: false,
        checksumWord: first.checksum,
        isizeWord: first.isize,
      }),
      where,
    );
    expect(second).toMatchObject({
      status: ZIP_STATUS.DECOMP_END,
      lstblk: 1,
      consumed: body.length - first.consumed,
    });
  });
});
