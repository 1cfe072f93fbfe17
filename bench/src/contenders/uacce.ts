// SPDX-License-Identifier: Apache-2.0
// @uacce/stream on each engine: software (no addon needed), the emulated device (the hardware
// path end to end through @uacce/emulator) and a real device where this machine has one. Each
// is held against the node:zlib (or Node CompressionStream) contender with the same shape.

import { throughTransform, throughWebStream } from './pump';
import type { Codec, Contender, Engine, Level, Operation } from './types';
import {
  loadUacceStream,
  requireEmulator,
  requireHardware,
  servedByMetrics,
  type UacceStreamModule,
} from './uacce-module';
import { WEB_CHUNK } from './web';

type Shape = 'sync' | 'async' | 'stream-16k' | 'stream-64k' | 'web';

const SHAPES: Record<Shape, { label: string; counterpart: string; names: (keyof UacceStreamModule)[] }> = {
  sync: { label: 'gzipSync', counterpart: 'zlib-sync', names: ['gzipSync', 'gunzipSync'] },
  async: { label: 'gzip (async)', counterpart: 'zlib-async', names: ['gzip', 'gunzip'] },
  'stream-16k': {
    label: 'createGzip 16 KiB',
    counterpart: 'zlib-stream-16k',
    names: ['createGzip', 'createGunzip'],
  },
  'stream-64k': {
    label: 'createGzip 64 KiB',
    counterpart: 'zlib-stream-64k',
    names: ['createGzip', 'createGunzip'],
  },
  web: {
    label: 'CompressionStream 64 KiB',
    counterpart: 'web-stream',
    names: ['CompressionStream', 'DecompressionStream'],
  },
};

const ENGINE_LABEL: Record<Engine, string> = {
  software: 'software',
  emulator: 'emulator',
  hardware: 'hardware',
};

function streamCodec(module: UacceStreamModule, operation: Operation, options: object, chunk: number): Codec {
  const createTransform = () =>
    operation === 'compress'
      ? module.createGzip({ ...options, chunkSize: chunk })
      : module.createGunzip({ ...options, chunkSize: chunk });
  return { sync: false, createTransform, run: (input) => throughTransform(createTransform(), input, chunk) };
}

function webCodec(module: UacceStreamModule, operation: Operation, options: object): Codec {
  const create = () =>
    operation === 'compress'
      ? new module.CompressionStream('gzip', options)
      : new module.DecompressionStream('gzip', options);
  return { sync: false, run: (input) => throughWebStream(create(), input, WEB_CHUNK) };
}

function openShape(module: UacceStreamModule, shape: Shape, operation: Operation, options: object): Codec {
  const compress = operation === 'compress';
  switch (shape) {
    case 'sync':
      return { sync: true, run: (input) => (compress ? module.gzipSync : module.gunzipSync)(input, options) };
    case 'async': {
      const call = compress ? module.gzip : module.gunzip;
      return {
        sync: false,
        run: (input) =>
          new Promise((resolve, reject) =>
            call(input, options, (error, output) => (error ? reject(error) : resolve(output))),
          ),
      };
    }
    case 'stream-16k':
      return streamCodec(module, operation, options, 16 * 1024);
    case 'stream-64k':
      return streamCodec(module, operation, options, 64 * 1024);
    case 'web':
      return webCodec(module, operation, options);
  }
}

function uacceContender(
  engine: Engine,
  shape: Shape,
  engineOption = engine === 'software' ? 'software' : 'hardware',
): Contender {
  let loaded: UacceStreamModule | undefined;
  const { label, counterpart, names } = SHAPES[shape];
  return {
    id: `uacce-${engine}-${shape}${engineOption === 'auto' ? '-auto' : ''}`,
    label: `@uacce ${label} (${ENGINE_LABEL[engine]}${engineOption === 'auto' ? ', auto' : ''})`,
    family: '@uacce/stream',
    engine,
    counterpart,
    async open(operation: Operation, level: Level) {
      if (engine === 'hardware') requireHardware();
      const module = await loadUacceStream(names);
      if (engine === 'emulator') requireEmulator();
      loaded = module;
      // The engine that served the work is read from the process-wide metrics, so a contender
      // that silently fell back to software shows it in the results.
      const codec = openShape(module, shape, operation, { level, engine: engineOption });
      return { ...codec, servedBy: () => servedByMetrics(module) };
    },
    async close() {
      await loaded?.closeHardware?.();
    },
  };
}

/** The @uacce/stream contenders of the throughput matrix. */
export const uacceContenders: Contender[] = [
  uacceContender('software', 'sync'),
  uacceContender('software', 'async'),
  uacceContender('software', 'stream-16k'),
  uacceContender('software', 'stream-64k'),
  uacceContender('software', 'web'),
  uacceContender('emulator', 'async'),
  uacceContender('emulator', 'stream-64k'),
  uacceContender('hardware', 'async'),
  uacceContender('hardware', 'stream-64k'),
];

/** Extra contenders for the small-message regime: engine 'auto' decides per message. */
export const uacceAutoContenders: Contender[] = [uacceContender('emulator', 'async', 'auto')];
