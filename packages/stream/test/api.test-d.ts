// SPDX-License-Identifier: Apache-2.0
// Public types: the node:zlib shapes hold, and the WHATWG streams fit pipeThrough().
import type { Transform } from 'node:stream';
import { describe, expectTypeOf, it } from 'vitest';
import {
  CompressionStream,
  createGzip,
  type EngineInfo,
  Gzip,
  gzip,
  gzipSync,
  type Metrics,
  metrics,
  promises,
  type ServedEngine,
} from '../src/index';

describe('public types', () => {
  it('streams are Transforms with engine reporting', () => {
    const stream = createGzip({ level: 6, engine: 'auto', hardwareThreshold: 4096 });
    expectTypeOf(stream).toMatchTypeOf<Transform>();
    expectTypeOf(stream.engine).toEqualTypeOf<ServedEngine>();
    expectTypeOf(stream.engineInfo).toEqualTypeOf<EngineInfo>();
    expectTypeOf(stream.fallbackReason).toEqualTypeOf<string | undefined>();
    expectTypeOf(stream.bytesWritten).toEqualTypeOf<number>();
    expectTypeOf(new Gzip()).toEqualTypeOf(stream);
  });

  it('one-shot functions keep node:zlib signatures', () => {
    expectTypeOf(gzipSync('x')).toEqualTypeOf<Buffer>();
    expectTypeOf(promises.gzip('x', { engine: 'software' })).toEqualTypeOf<Promise<Buffer>>();
    expectTypeOf(gzip).toBeCallableWith('x', (error: Error | null, result: Buffer) => void [error, result]);
    expectTypeOf(metrics()).toEqualTypeOf<Metrics>();
  });

  it('CompressionStream fits pipeThrough', () => {
    const source = new ReadableStream<Uint8Array>();
    expectTypeOf(source.pipeThrough(new CompressionStream('gzip', { level: 1 }))).toEqualTypeOf<
      ReadableStream<Uint8Array>
    >();
    expectTypeOf(new CompressionStream('deflate').flush()).toEqualTypeOf<Promise<void>>();
  });
});
