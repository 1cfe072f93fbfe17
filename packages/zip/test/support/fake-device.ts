// SPDX-License-Identifier: Apache-2.0
// A scripted stand-in for the device, in process, for driver behaviours the emulator does not
// show: a device that leaves the trailer in the input (spec open question 6) and one that hands
// output back in small pieces. Flat buffers only; addresses are keys into a registry of views.
import { adler32, crc32, ZIP_CTX_ST } from '@uacce/abi';
import { checksumWordFromGzipCrc, decodeZipSqe, encodeZipSqe } from '@uacce/abi/testing';
import { Z_STREAM_END, Z_SYNC_FLUSH, ZStream, zlibInflate, zlibInflateInit2 } from 'pako';
import type { DeviceContext } from '../../src/descriptor';
import type { DeviceRequest, Operation } from '../../src/operation';

export interface FakeDeviceOptions {
  /** Largest output the fake writes per request, whatever dest_avail_out says. */
  maxProducedPerRequest?: number;
}

export class FakeDevice implements DeviceContext {
  readonly #views = new Map<bigint, Uint8Array>();
  readonly #streams = new Map<bigint, { strm: ZStream; checksum: number; isize: number; ended: boolean }>();
  #nextAddress = 0x1000n;
  #tag = 0;
  requests = 0;

  constructor(readonly options: FakeDeviceOptions = {}) {}

  readonly #known = new WeakMap<Uint8Array, bigint>();

  addressOf = (view: Uint8Array): bigint => {
    const known = this.#known.get(view);
    if (known !== undefined) return known;
    const address = this.#nextAddress;
    this.#known.set(view, address);
    this.#nextAddress += BigInt(Math.ceil((view.length + 64) / 64) * 64 + 64);
    this.#views.set(address, view);
    return address;
  };

  nextTag = (): number => ++this.#tag;

  /** Runs an operation to completion against the fake. */
  run<T>(operation: Operation<T>): T {
    let step = operation.next();
    while (!step.done) step = operation.next(this.#complete(step.value));
    return step.value;
  }

  #complete(request: DeviceRequest): Uint8Array {
    this.requests += 1;
    const sqe = decodeZipSqe(request.sqe);
    const input = (this.#views.get(sqe.sourceAddress) as Uint8Array).subarray(0, sqe.inputDataLength);
    const output = this.#views.get(sqe.destAddress) as Uint8Array;
    const key = sqe.streamContextAddress;
    if (sqe.streamNew || !this.#streams.has(key)) {
      const strm = new ZStream();
      zlibInflateInit2(strm, -15);
      this.#streams.set(key, { strm, checksum: sqe.requestType === 2 ? 1 : 0, isize: 0, ended: false });
    }
    const stream = this.#streams.get(key)!;
    const capacity = Math.min(
      sqe.destAvailOut,
      this.options.maxProducedPerRequest ?? Number.POSITIVE_INFINITY,
    );
    const target = new Uint8Array(capacity);
    Object.assign(stream.strm, {
      input,
      next_in: 0,
      avail_in: input.length,
      output: target,
      next_out: 0,
      avail_out: capacity,
    });
    const code = stream.ended ? Z_STREAM_END : zlibInflate(stream.strm, Z_SYNC_FLUSH);
    const produced = stream.strm.next_out;
    output.set(target.subarray(0, produced));
    const bytes = target.subarray(0, produced);
    stream.checksum = sqe.requestType === 2 ? adler32(bytes, stream.checksum) : crc32(bytes, stream.checksum);
    stream.isize = (stream.isize + produced) >>> 0;
    stream.ended = code === Z_STREAM_END;
    const full = !stream.ended && produced === capacity;
    const word = sqe.requestType === 3 ? checksumWordFromGzipCrc(stream.checksum) : stream.checksum;
    // The trailer is left in the input: consumed stops at the end of the final block.
    return encodeZipSqe({
      ...sqe,
      consumed: stream.strm.next_in,
      produced,
      status: stream.ended ? 0x13 : 0,
      lstblk: stream.ended ? 1 : 0,
      ctxDw0: full ? ZIP_CTX_ST.DECOMPING_NO_SPACE : 0,
      checksum: word,
      isize: stream.isize,
    });
  }
}
