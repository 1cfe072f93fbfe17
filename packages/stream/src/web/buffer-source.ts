// SPDX-License-Identifier: Apache-2.0
// WebIDL's BufferSource conversion for the chunks of the Compression Streams: an ArrayBuffer or
// an ArrayBufferView, told by their internal slots (the intrinsic getters), not by properties a
// caller can fake. Shared memory (a SharedArrayBuffer or a view on one) and resizable buffers
// are not BufferSources without [AllowShared] / [AllowResizable], which the standard does not
// give; anything else (undefined, null, numbers, strings, plain objects, arrays) is not one either.
import { codedTypeError } from './type-error';

type Getter = (this: unknown) => unknown;

function getter(prototype: object, name: string): Getter {
  return Object.getOwnPropertyDescriptor(prototype, name)!.get as Getter;
}

let intrinsics:
  | {
      bufferByteLength: Getter;
      bufferResizable: Getter | undefined;
      typedArrayTag: Getter;
      typedArrayBuffer: Getter;
      typedArrayOffset: Getter;
      typedArrayLength: Getter;
      dataViewBuffer: Getter;
      dataViewOffset: Getter;
      dataViewLength: Getter;
    }
  | undefined;

/** The intrinsic getters, looked up on first use (nothing happens on import). */
function slots(): NonNullable<typeof intrinsics> {
  if (intrinsics) return intrinsics;
  const typedArray = Object.getPrototypeOf(Uint8Array.prototype) as object;
  intrinsics = {
    bufferByteLength: getter(ArrayBuffer.prototype, 'byteLength'),
    bufferResizable: Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'resizable')?.get as Getter,
    typedArrayTag: Object.getOwnPropertyDescriptor(typedArray, Symbol.toStringTag)!.get as Getter,
    typedArrayBuffer: getter(typedArray, 'buffer'),
    typedArrayOffset: getter(typedArray, 'byteOffset'),
    typedArrayLength: getter(typedArray, 'byteLength'),
    dataViewBuffer: getter(DataView.prototype, 'buffer'),
    dataViewOffset: getter(DataView.prototype, 'byteOffset'),
    dataViewLength: getter(DataView.prototype, 'byteLength'),
  };
  return intrinsics;
}

/** True when `value` has an ArrayBuffer's internal slots (not a SharedArrayBuffer, not a fake). */
function isArrayBuffer(value: unknown): value is ArrayBuffer {
  if (typeof value !== 'object' || value === null) return false;
  try {
    slots().bufferByteLength.call(value);
    return true;
  } catch {
    return false;
  }
}

function notBufferSource(what: string): TypeError {
  return codedTypeError(
    'ERR_INVALID_ARG_TYPE',
    `The chunk must be an ArrayBuffer or an ArrayBufferView (not shared, not resizable); received ${what}`,
  );
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  return Object.prototype.toString.call(value).slice(8, -1);
}

/**
 * The bytes of `chunk` as a Uint8Array over the caller's memory (no copy), or a TypeError
 * (code ERR_INVALID_ARG_TYPE) when it is not a BufferSource, or (ERR_INVALID_STATE) when its
 * buffer was detached (transferred) before the stream got to it: an error, not silently no data.
 */
export function bufferSourceBytes(chunk: unknown): Uint8Array {
  let buffer: unknown = chunk;
  let offset = 0;
  let length: number | undefined;
  if (ArrayBuffer.isView(chunk)) {
    const intrinsic = slots();
    // %TypedArray%.prototype[@@toStringTag] is undefined for anything but a typed array.
    const isDataView = intrinsic.typedArrayTag.call(chunk) === undefined;
    buffer = (isDataView ? intrinsic.dataViewBuffer : intrinsic.typedArrayBuffer).call(chunk);
    if (!isArrayBuffer(buffer)) throw notBufferSource(`a view on ${describe(buffer)}`);
    if (isDetached(buffer)) throw detached();
    offset = (isDataView ? intrinsic.dataViewOffset : intrinsic.typedArrayOffset).call(chunk) as number;
    length = (isDataView ? intrinsic.dataViewLength : intrinsic.typedArrayLength).call(chunk) as number;
  } else if (!isArrayBuffer(chunk)) {
    throw notBufferSource(describe(chunk));
  } else if (isDetached(chunk)) {
    throw detached();
  }
  if (slots().bufferResizable?.call(buffer) === true) throw notBufferSource('a resizable ArrayBuffer');
  return new Uint8Array(buffer as ArrayBuffer, offset, length);
}

function detached(): TypeError {
  return codedTypeError(
    'ERR_INVALID_STATE',
    "The chunk's ArrayBuffer was detached (transferred) before it was read",
  );
}

/** A detached buffer reports byteLength 0 and cannot be viewed. */
function isDetached(buffer: ArrayBuffer): boolean {
  if ((slots().bufferByteLength.call(buffer) as number) !== 0) return false;
  try {
    new Uint8Array(buffer);
    return false;
  } catch {
    return true;
  }
}
