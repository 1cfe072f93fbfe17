// SPDX-License-Identifier: Apache-2.0
// node:zlib, the baseline every ratio is taken against: one-shot sync and async, and the
// createGzip/createGunzip Transform fed 16 KiB or 64 KiB chunks (chunkSize set to match).
import zlib from 'node:zlib';
import { throughTransform } from './pump';
import type { Codec, Contender, Level, Operation } from './types';

function oneShotSync(operation: Operation, level: Level): Codec {
  return {
    sync: true,
    run: (input) => (operation === 'compress' ? zlib.gzipSync(input, { level }) : zlib.gunzipSync(input)),
  };
}

function oneShotAsync(operation: Operation, level: Level): Codec {
  const call = operation === 'compress' ? zlib.gzip : zlib.gunzip;
  return {
    sync: false,
    run: (input) =>
      new Promise((resolve, reject) =>
        call(input, { level }, (error, output) => (error ? reject(error) : resolve(output))),
      ),
  };
}

function streaming(operation: Operation, level: Level, chunk: number): Codec {
  const createTransform = () =>
    operation === 'compress'
      ? zlib.createGzip({ level, chunkSize: chunk })
      : zlib.createGunzip({ chunkSize: chunk });
  return { sync: false, createTransform, run: (input) => throughTransform(createTransform(), input, chunk) };
}

export const nodeZlibContenders: Contender[] = [
  {
    id: 'zlib-sync',
    label: 'node:zlib gzipSync',
    family: 'node:zlib',
    open: async (operation, level) => oneShotSync(operation, level),
  },
  {
    id: 'zlib-async',
    label: 'node:zlib gzip (async)',
    family: 'node:zlib',
    open: async (operation, level) => oneShotAsync(operation, level),
  },
  {
    id: 'zlib-stream-16k',
    label: 'node:zlib createGzip 16 KiB',
    family: 'node:zlib',
    open: async (operation, level) => streaming(operation, level, 16 * 1024),
  },
  {
    id: 'zlib-stream-64k',
    label: 'node:zlib createGzip 64 KiB',
    family: 'node:zlib',
    open: async (operation, level) => streaming(operation, level, 64 * 1024),
  },
];
