// SPDX-License-Identifier: Apache-2.0
// Simple stateless deflate descriptors over flat buffers, built with @uacce/abi's codec. qm does
// not interpret SQEs; these exist only so the end-to-end tests push real work through the device.
import { ZIP_BUFFER_TYPE, ZIP_FLUSH, ZIP_REQUEST_TYPE, ZIP_WINDOW_SIZE, zipSqeTypeFor } from '@uacce/abi';
import { decodeZipSqe, encodeZipSqe } from '@uacce/abi/testing';
import { loadNative } from '@uacce/native';

export interface DeflateJob {
  sqe: Uint8Array;
  input: Buffer;
  output: Buffer;
  keepAlive: Buffer[];
}

/**
 * A stateless compression (direction 0) or decompression (direction 1) descriptor; raw deflate by
 * default, or zlib (whose stateless output carries the trailer but no header, spec §4.8).
 */
export function deflateJob(
  hwType: number,
  input: Buffer,
  outputSize: number,
  tag: number,
  requestType: number = ZIP_REQUEST_TYPE.DEFLATE,
): DeflateJob {
  const native = loadNative();
  const output = Buffer.alloc(outputSize);
  const sqe = encodeZipSqe({
    sqeType: zipSqeTypeFor(hwType, requestType),
    requestType,
    bufferType: ZIP_BUFFER_TYPE.FLAT,
    windowSize: ZIP_WINDOW_SIZE.WINDOW_32K,
    flushType: ZIP_FLUSH.FINISH,
    inputDataLength: input.length,
    destAvailOut: outputSize,
    sourceAddress: native.addressOf(input),
    destAddress: native.addressOf(output),
    tag,
  });
  return { sqe, input, output, keepAlive: [input, output] };
}

/** Status, tag and the bytes produced by a completed descriptor. */
export function jobResult(
  job: DeflateJob,
  completed: Uint8Array,
): { status: number; tag: number; output: Buffer } {
  const fields = decodeZipSqe(completed);
  return { status: fields.status, tag: fields.tag, output: job.output.subarray(0, fields.produced) };
}
