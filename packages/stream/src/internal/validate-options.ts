// SPDX-License-Identifier: Apache-2.0
// node:zlib's option checks, for the streams that do not construct a node:zlib object up front
// (adaptive streams, the pako engine): same ranges, same codes (ERR_INVALID_ARG_TYPE when not a
// number, ERR_OUT_OF_RANGE outside the range; undefined and NaN mean "default").
import { UacceArgumentError } from '@uacce/abi';

const RANGES: Readonly<Record<string, readonly [number, number]>> = {
  flush: [0, 5],
  finishFlush: [0, 5],
  chunkSize: [64, Number.POSITIVE_INFINITY],
  level: [-1, 9],
  memLevel: [1, 9],
  strategy: [0, 4],
  maxOutputLength: [1, Number.MAX_SAFE_INTEGER],
};

function checkRange(name: string, value: unknown, [min, max]: readonly [number, number]): void {
  if (value === undefined || Number.isNaN(value)) return;
  if (typeof value !== 'number') {
    throw new UacceArgumentError(
      'ERR_INVALID_ARG_TYPE',
      `The "options.${name}" property must be of type number`,
    );
  }
  if (!(value >= min && value <= max)) {
    throw new UacceArgumentError(
      'ERR_OUT_OF_RANGE',
      `The value of "options.${name}" is out of range. It must be >= ${min} and <= ${max}. Received ${value}`,
    );
  }
}

/** Throws as node:zlib's constructors would for out-of-range or mistyped options. */
export function validateZlibOptions(options: Record<string, unknown> | undefined, decompress: boolean): void {
  if (options === undefined || options === null) return;
  for (const [name, range] of Object.entries(RANGES)) checkRange(name, options[name], range);
  // Decompression accepts windowBits 0 (use the stream's own window size).
  const windowBits = options.windowBits;
  if (!(decompress && windowBits === 0)) checkRange('windowBits', windowBits, [8, 15]);
  const dictionary = options.dictionary;
  if (dictionary !== undefined && !ArrayBuffer.isView(dictionary) && !(dictionary instanceof ArrayBuffer)) {
    throw new UacceArgumentError(
      'ERR_INVALID_ARG_TYPE',
      'The "options.dictionary" property must be a Buffer, TypedArray, DataView or ArrayBuffer',
    );
  }
}
