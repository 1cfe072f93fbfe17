// SPDX-License-Identifier: Apache-2.0
// Argument checks shared by the codecs. Every failure is a UacceArgumentError with Node's codes,
// so callers that already catch Node's argument errors keep working.
import { UacceArgumentError } from '../errors';

function describe(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'object') return value.constructor?.name ?? 'object';
  return String(value);
}

/** An integer in [min, max]; throws ERR_INVALID_ARG_TYPE for non-numbers, ERR_OUT_OF_RANGE otherwise. */
export function checkInteger(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number') {
    throw new UacceArgumentError(
      'ERR_INVALID_ARG_TYPE',
      `The "${name}" argument must be of type number. Received ${describe(value)}`,
    );
  }
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new UacceArgumentError(
      'ERR_OUT_OF_RANGE',
      `The value of "${name}" is out of range. It must be an integer >= ${min} and <= ${max}. Received ${describe(value)}`,
    );
  }
  return value;
}

/** An unsigned integer that fits in `bits` bits (bits <= 32). */
export function checkUint(name: string, value: unknown, bits: number): number {
  return checkInteger(name, value, 0, bits === 32 ? 0xffff_ffff : (1 << bits) - 1);
}

const U64_MAX = (1n << 64n) - 1n;

/** A 64-bit unsigned address given as a bigint. */
export function checkAddress(name: string, value: unknown): bigint {
  if (typeof value !== 'bigint') {
    throw new UacceArgumentError(
      'ERR_INVALID_ARG_TYPE',
      `The "${name}" argument must be of type bigint. Received ${describe(value)}`,
    );
  }
  if (value < 0n || value > U64_MAX) {
    throw new UacceArgumentError(
      'ERR_OUT_OF_RANGE',
      `The value of "${name}" is out of range. It must be >= 0n and < 2n ** 64n. Received ${describe(value)}`,
    );
  }
  return value;
}

/** A Uint8Array (Buffer included) of at least `minLength` bytes. */
export function checkBytes(name: string, value: unknown, minLength: number): Uint8Array {
  if (!(value instanceof Uint8Array)) {
    throw new UacceArgumentError(
      'ERR_INVALID_ARG_TYPE',
      `The "${name}" argument must be an instance of Uint8Array. Received ${describe(value)}`,
    );
  }
  if (value.length < minLength) {
    throw new UacceArgumentError(
      'ERR_OUT_OF_RANGE',
      `The length of "${name}" is out of range. It must be >= ${minLength}. Received ${value.length}`,
    );
  }
  return value;
}

/** A DataView with `size` bytes readable at `offset`. */
export function checkView(name: string, view: unknown, offset: unknown, size: number): DataView {
  if (!(view instanceof DataView)) {
    throw new UacceArgumentError(
      'ERR_INVALID_ARG_TYPE',
      `The "${name}" argument must be an instance of DataView. Received ${describe(view)}`,
    );
  }
  checkInteger('offset', offset, 0, Math.max(0, view.byteLength - size));
  if (view.byteLength < size) {
    throw new UacceArgumentError(
      'ERR_OUT_OF_RANGE',
      `The length of "${name}" is out of range. It must be >= ${size}. Received ${view.byteLength}`,
    );
  }
  return view;
}

const wholeBufferViews = new WeakMap<ArrayBufferLike, DataView>();
const SMALL_BUFFER_BYTES = 256;
// One strong reference to the most recent pool slab (Node's Buffer.poolSize is 8 KiB).
const LAST_BUFFER_MAX_BYTES = 64 * 1024;
let lastBuffer: ArrayBufferLike | undefined;
let lastView: DataView | undefined;

/**
 * A DataView over the whole buffer behind `bytes`, cached per buffer: creating a DataView per
 * descriptor costs more than encoding it. Callers add `bytes.byteOffset` to every offset.
 */
export function bufferView(bytes: Uint8Array): DataView {
  // A buffer of its own (a fresh 128-byte SQE): a cache entry would cost more than the view and
  // keep the WeakMap churning; shared memory (Node's Buffer pool, a ring) is what the cache is for.
  const buffer = bytes.buffer;
  if (buffer === lastBuffer) return lastView as DataView;
  if (buffer.byteLength <= SMALL_BUFFER_BYTES) return new DataView(buffer);
  let view = wholeBufferViews.get(buffer);
  if (view === undefined) {
    view = new DataView(buffer);
    wholeBufferViews.set(buffer, view);
  }
  // Consecutive SQEs usually sit in the same Buffer pool slab: skip the WeakMap lookup then.
  // Only slab-sized buffers are held this way, never a ring or a large user buffer.
  if (buffer.byteLength <= LAST_BUFFER_MAX_BYTES) {
    lastBuffer = buffer;
    lastView = view;
  }
  return view;
}

/** A DataView over exactly the bytes of `bytes` (respects byteOffset of Buffers from a pool). */
export function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** An invalid value of the right type: ERR_INVALID_ARG_VALUE. */
export function invalidValue(name: string, value: unknown, reason: string): UacceArgumentError {
  return new UacceArgumentError(
    'ERR_INVALID_ARG_VALUE',
    `The argument '${name}' ${reason}. Received ${describe(value)}`,
  );
}
