// SPDX-License-Identifier: Apache-2.0
// Property tests: for any in-range fields, decode(encode(fields)) gives the fields back.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeDoorbell, encodeSgl } from '../src/index';
import {
  decodeCqe,
  decodeDoorbell,
  decodeSgl,
  decodeZipSqe,
  encodeCqe,
  encodeZipSqe,
  type ZipSqeFields,
} from '../src/testing';

const u = (bits: number) => fc.integer({ min: 0, max: bits === 32 ? 0xffff_ffff : 2 ** bits - 1 });
const address = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });

const sqeFields = fc.record({
  consumed: u(32),
  produced: u(32),
  compDataLength: u(32),
  status: u(8),
  lstblk: u(1),
  inputDataLength: u(32),
  inSgeDataOffset: u(24),
  flushType: u(1),
  streamMode: u(1),
  streamNew: u(1),
  sqeType: fc.constantFrom(0, 3),
  outSgeDataOffset: u(24),
  requestType: u(8),
  bufferType: u(4),
  windowSize: u(4),
  tag: u(32),
  literalSize: u(32),
  destAvailOut: u(32),
  ctxDw0: u(32),
  sourceAddress: address,
  destAddress: address,
  streamContextAddress: address,
  literalsAddress: address,
  ctxDw1: u(32),
  ctxDw2: u(32),
  isize: u(32),
  checksum: u(32),
});

describe('round trips', () => {
  it('ZIP SQE', () => {
    fc.assert(
      fc.property(sqeFields, (generated) => {
        const fields: ZipSqeFields = generated.sqeType === 0 ? { ...generated, literalSize: 0 } : generated;
        expect(decodeZipSqe(encodeZipSqe(fields))).toEqual(fields);
      }),
    );
  });

  it('CQE', () => {
    fc.assert(
      fc.property(fc.record({ sqHead: u(16), sqNum: u(16), phase: u(1), cmdId: u(16) }), (fields) => {
        expect(decodeCqe(new DataView(encodeCqe(fields).buffer), 0)).toEqual(fields);
      }),
    );
  });

  it('doorbells of both styles', () => {
    fc.assert(
      fc.property(fc.record({ queue: u(12), command: u(4), index: u(16), priority: u(16) }), (fields) => {
        expect(decodeDoorbell('v2', encodeDoorbell('v2', fields))).toEqual(fields);
        expect(decodeDoorbell('v1', encodeDoorbell('v1', fields))).toEqual(fields);
      }),
    );
  });

  it('SGL', () => {
    fc.assert(
      fc.property(
        address,
        fc.array(fc.record({ address, length: u(32) }), { maxLength: 20 }),
        fc.integer({ min: 0, max: 235 }),
        (next, entries, spare) => {
          const capacity = entries.length + spare;
          expect(decodeSgl(encodeSgl({ next, entries, capacity }))).toEqual({
            next,
            entries,
            capacity,
            chainCapacity: capacity,
          });
        },
      ),
      { numRuns: 50 },
    );
  });
});
