// SPDX-License-Identifier: Apache-2.0
// Executes one ZIP SQE (spec §6 items 6 and 10–12): direction from the queue's qc_type, algorithm
// from DW9, buffers from DW18–21 (flat or SGL), results written back into the same SQ slot.
import { REQUEST_TYPES } from './algorithm';
import { type ClientMemory, DmaFault } from './client-memory';
import { BYPASS_DEST_LEN, MAX_FLAT_BUFFER } from './constants';
import { clientContextArea } from './context-area';
import { readContextStamp, stampContext } from './context-stamp';
import type { EngineRequest, EngineResult } from './engine-types';
import {
  gather,
  MalformedRequest,
  readSglChain,
  type Segment,
  scatter,
  skipBytes,
  totalLength,
} from './scatter-gather';
import { decodeSqe, SQE_TYPE_V2, SQE_TYPE_V3, type ZipSqe, type ZipSqeResult } from './sqe';
import { compressStateful, decompressStateful } from './stateful-engine';
import { compressStateless, decompressStateless } from './stateless-engine';
import { ZIP_STATUS } from './status';
import type { StreamContexts } from './stream-contexts';

/** What the device knows when it runs a descriptor. */
export interface DescriptorContext {
  memory: ClientMemory;
  contexts: StreamContexts;
  /** Latched qc_type: 0 compress, 1 decompress. */
  qcType: number;
  /** Algorithms the device advertises (a v2 device has no raw deflate, spec §1.4). */
  algorithms: readonly string[];
  /** Whether the device accepts type 3 (V3-format) SQEs (hisi_qm_v3). */
  acceptsV3Sqe: boolean;
  /** Fault injection: alter the output bytes. */
  corrupt: boolean;
}

interface Buffers {
  input: Buffer;
  output: Segment[];
  capacity: number;
}

function echo(sqe: ZipSqe, status: number): ZipSqeResult {
  return {
    consumed: 0,
    produced: 0,
    compDataLength: 0,
    status,
    lstblk: 0,
    ctxDw0: sqe.ctxDw0,
    ctxDw1: sqe.ctxDw1,
    ctxDw2: sqe.ctxDw2,
    isize: sqe.isize,
    checksum: sqe.checksum,
  };
}

function resolveBuffers(sqe: ZipSqe, memory: ClientMemory): Buffers {
  if (sqe.bufferType === 0) {
    if (sqe.inputDataLength > MAX_FLAT_BUFFER) throw new MalformedRequest('flat input over 8 MiB');
    // Output space is clamped to 8 MiB per flat buffer (spec §7).
    const capacity = Math.min(sqe.destAvailOut, MAX_FLAT_BUFFER);
    return {
      input: memory.read(sqe.sourceAddress, sqe.inputDataLength),
      output: [{ address: sqe.destAddress, length: capacity }],
      capacity,
    };
  }
  if (sqe.bufferType === 1) {
    const source = skipBytes(readSglChain(memory, sqe.sourceAddress), sqe.inSgeDataOffset);
    const output = skipBytes(readSglChain(memory, sqe.destAddress), sqe.outSgeDataOffset);
    return {
      input: gather(memory, source, sqe.inputDataLength),
      output,
      capacity: Math.min(sqe.destAvailOut, totalLength(output)),
    };
  }
  throw new MalformedRequest('unknown buffer type');
}

function runEngine(sqe: ZipSqe, context: DescriptorContext, buffers: Buffers): EngineResult {
  const algorithm = REQUEST_TYPES[sqe.requestType]!;
  const request: EngineRequest = {
    algorithm,
    windowSize: sqe.windowSize,
    input: buffers.input,
    capacity: buffers.capacity,
    finish: sqe.flushType === 1,
    streamNew: sqe.streamNew === 1,
    checksumWord: sqe.checksum,
    isizeWord: sqe.isize,
  };
  const compress = context.qcType === 0;
  if (sqe.streamMode === 0) return compress ? compressStateless(request) : decompressStateless(request);
  if (sqe.streamContextAddress === 0n) throw new MalformedRequest('stateful request without a context');
  // The device touches its context area first: a bad context address is a DMA fault.
  const area = clientContextArea(context.memory, sqe.streamContextAddress);
  const token = sqe.streamNew === 1 ? stampContext(area) : readContextStamp(area);
  const key = { contexts: context.contexts, pid: context.memory.pid, token, area };
  return compress ? compressStateful(request, key) : decompressStateful(request, key);
}

function validate(sqe: ZipSqe, context: DescriptorContext): void {
  if (context.qcType > 1) throw new MalformedRequest('queue type is not a ZIP direction');
  const algorithm = REQUEST_TYPES[sqe.requestType];
  if (!algorithm || !context.algorithms.includes(algorithm))
    throw new MalformedRequest('algorithm not offered');
  if (sqe.sqeType !== SQE_TYPE_V2 && !(sqe.sqeType === SQE_TYPE_V3 && context.acceptsV3Sqe)) {
    throw new MalformedRequest('unknown SQE type');
  }
}

function corrupt(output: Buffer): Buffer {
  const copy = Buffer.from(output);
  for (let i = 0; i < copy.length; i += 7) copy[i] = copy[i]! ^ 0xa5;
  return copy;
}

/** The write-back of a descriptor the device refuses with `status` (nothing consumed or produced). */
export function rejectDescriptor(slot: Buffer, status: number): ZipSqeResult {
  return echo(decodeSqe(slot), status);
}

/** Runs the SQE held in `slot` and returns the words to write back. */
export function executeDescriptor(slot: Buffer, context: DescriptorContext): ZipSqeResult {
  const sqe = decodeSqe(slot);
  // Below 0x10 bytes of output space the device ignores the request (spec §7): the emulator
  // completes it with status 0, nothing consumed or produced, context words unchanged.
  if (sqe.destAvailOut < BYPASS_DEST_LEN) return echo(sqe, ZIP_STATUS.OK);
  try {
    validate(sqe, context);
    const buffers = resolveBuffers(sqe, context.memory);
    const result = runEngine(sqe, context, buffers);
    const output = context.corrupt ? corrupt(result.output) : result.output;
    scatter(context.memory, buffers.output, output);
    return { ...result, produced: output.length, compDataLength: 0 };
  } catch (failure) {
    if (failure instanceof MalformedRequest) return echo(sqe, ZIP_STATUS.BAD_REQUEST);
    if (failure instanceof DmaFault) return echo(sqe, ZIP_STATUS.DMA_FAULT);
    throw failure;
  }
}
