// SPDX-License-Identifier: Apache-2.0
// Conformance cases for CompressionStream / DecompressionStream, written from the WHATWG
// Compression Streams standard (https://compression.spec.whatwg.org), WebIDL and RFC 1950-1952.
// Platform-neutral (no node: imports, no test framework), so the same cases run in Node under
// vitest on every engine and in headless Chromium (window and worker), against our classes (and,
// with `ours: false`, against a runtime's own). A case throws on failure.
import { concatBytes } from '../../src/internal/bytes';

/** The classes under test. */
export interface WebStreamsUnderTest {
  CompressionStream: PairClass;
  DecompressionStream: PairClass;
  /** Our classes: also check our codes. False for a runtime's own (the standard only). */
  ours: boolean;
  /** Second constructor argument for ours (engine selection), undefined for a runtime's own. */
  options?: Record<string, unknown>;
}

/** Case names, for listing the known gaps of an engine (with the reason) where the suite is run. */
export const GAP_EXTRA_INPUT_OPEN = (format: string): string =>
  `decompress '${format}': extra input in the chunk that ends the data errors the stream, writer left open`;
export const GAP_CHUNK_AFTER_END = (format: string): string =>
  `decompress '${format}': a chunk after the end of the data errors the stream, writer left open`;
export const GAP_TRAILING_JUNK = (format: string): string =>
  `decompress '${format}': trailing junk errors the stream at close`;
export const GAP_SECOND_MEMBER_OPEN =
  "decompress 'gzip': a second member in the chunk errors the stream, writer left open";

type Pair = { readonly readable: ReadableStream<Uint8Array>; readonly writable: WritableStream<unknown> };
type PairClass = new (format: never, options?: never) => Pair;

/** One case: a name and a body that throws on failure. */
export interface ConformanceCase {
  name: string;
  run(api: WebStreamsUnderTest): Promise<void>;
}

type Format = 'gzip' | 'deflate' | 'deflate-raw';
const FORMATS: readonly Format[] = ['gzip', 'deflate', 'deflate-raw'];
const encoder = new TextEncoder();
const PLAIN = encoder.encode('conformance of uacce');

/** PLAIN compressed by zlib 1.3 at level 6 (RFC 1952, RFC 1950, RFC 1951). */
const COMPRESSED: Readonly<Record<Format, Uint8Array>> = {
  gzip: new Uint8Array([
    31, 139, 8, 0, 0, 0, 0, 0, 0, 3, 75, 206, 207, 75, 203, 47, 202, 77, 204, 75, 78, 85, 200, 79, 83, 40, 77,
    76, 78, 78, 5, 0, 11, 134, 53, 172, 20, 0, 0, 0,
  ]),
  deflate: new Uint8Array([
    120, 156, 75, 206, 207, 75, 203, 47, 202, 77, 204, 75, 78, 85, 200, 79, 83, 40, 77, 76, 78, 78, 5, 0, 82,
    174, 7, 162,
  ]),
  'deflate-raw': new Uint8Array([
    75, 206, 207, 75, 203, 47, 202, 77, 204, 75, 78, 85, 200, 79, 83, 40, 77, 76, 78, 78, 5, 0,
  ]),
};

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

function open(api: WebStreamsUnderTest, direction: 'compress' | 'decompress', format: Format): Pair {
  const Class = direction === 'compress' ? api.CompressionStream : api.DecompressionStream;
  return new Class(format as never, api.options as never);
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  return chunks.length === 0 ? new Uint8Array(0) : concatBytes(chunks);
}

/** Settles with `promise`, or rejects after `ms` (a hang is a failure, not a stuck suite). */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms (hang)`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Checks `error` is the realm's TypeError (and for ours, one of `codes`). */
function checkTypeError(
  api: WebStreamsUnderTest,
  error: unknown,
  what: string,
  codes?: readonly string[],
): void {
  check(error instanceof TypeError, `${what}: expected a TypeError, got ${String(error)}`);
  check(error.constructor === TypeError, `${what}: expected TypeError itself, got ${error.constructor.name}`);
  if (api.ours && codes) {
    const code = (error as { code?: unknown }).code;
    check(
      codes.includes(code as string),
      `${what}: code ${String(code)}, expected one of ${codes.join(', ')}`,
    );
  }
}

async function rejection(promise: Promise<unknown>, what: string): Promise<unknown> {
  try {
    await within(promise, 10_000, what);
  } catch (error) {
    return error;
  }
  throw new Error(`${what}: resolved, expected a rejection`);
}

/** Reads `readable` to its end: the output, or the error it failed with. */
async function readAll(
  readable: ReadableStream<Uint8Array>,
): Promise<{ output?: Uint8Array; error?: unknown }> {
  const reader = readable.getReader();
  const out: Uint8Array[] = [];
  try {
    for (;;) {
      const { value, done } = await within(reader.read(), 10_000, 'read');
      if (done) return { output: concat(out) };
      check(
        value.constructor === Uint8Array,
        `output chunk is a ${value.constructor.name}, not a Uint8Array`,
      );
      out.push(value);
    }
  } catch (error) {
    return { error };
  }
}

/** Writes `chunks`, closes, reads everything: the output, or the error the stream failed with. */
async function run(
  pair: Pair,
  chunks: readonly unknown[],
): Promise<{ output?: Uint8Array; error?: unknown }> {
  const writer = pair.writable.getWriter();
  const writing = (async () => {
    for (const chunk of chunks) await writer.write(chunk);
    await writer.close();
  })();
  writing.catch(() => {});
  const result = await readAll(pair.readable);
  if (result.error !== undefined) return result;
  try {
    await within(writing, 10_000, 'close');
  } catch (error) {
    return { error };
  }
  return result;
}

async function roundTrip(
  api: WebStreamsUnderTest,
  format: Format,
  chunks: readonly unknown[],
): Promise<Uint8Array> {
  const compressed = await run(open(api, 'compress', format), chunks);
  check(compressed.output, `${format}: compression failed: ${String(compressed.error)}`);
  const plain = await run(open(api, 'decompress', format), [compressed.output]);
  check(plain.output, `${format}: decompression failed: ${String(plain.error)}`);
  return plain.output;
}

/** Decompresses `input` in one chunk: 'success' with PLAIN, 'error' with a TypeError, else 'wrong output'. */
async function decompressOutcome(
  api: WebStreamsUnderTest,
  format: Format,
  input: Uint8Array,
): Promise<string> {
  const { output, error } = await run(open(api, 'decompress', format), [input]);
  if (error !== undefined) {
    checkTypeError(api, error, `${format} error`, ['Z_DATA_ERROR', 'Z_BUF_ERROR', 'Z_NEED_DICT']);
    return 'error';
  }
  return equalBytes(output!, PLAIN) ? 'success' : 'wrong output';
}

function withByte(input: Uint8Array, offset: number, value: number): Uint8Array {
  const copy = input.slice();
  copy[offset < 0 ? copy.length + offset : offset] = value;
  return copy;
}

/** A shared-memory buffer where the runtime has one (WebAssembly's, as SharedArrayBuffer may be hidden). */
function sharedBuffer(): ArrayBufferLike | undefined {
  try {
    return new WebAssembly.Memory({ shared: true, initial: 1, maximum: 1 }).buffer;
  } catch {
    return typeof SharedArrayBuffer === 'function' ? new SharedArrayBuffer(16) : undefined;
  }
}

function notBufferSources(): { name: string; value: unknown }[] {
  const values: { name: string; value: unknown }[] = [
    { name: 'undefined', value: undefined },
    { name: 'null', value: null },
    { name: 'a number', value: 3.5 },
    { name: 'a boolean', value: true },
    { name: 'a string', value: 'text is not bytes' },
    { name: 'a plain object', value: {} },
    { name: 'an array of bytes', value: [1, 2, 3] },
    {
      name: 'an object posing as an ArrayBuffer',
      value: { byteLength: 1, [Symbol.toStringTag]: 'ArrayBuffer', buffer: new ArrayBuffer(1) },
    },
  ];
  const shared = sharedBuffer();
  if (shared) {
    values.push(
      { name: 'a SharedArrayBuffer', value: shared },
      { name: 'a Uint8Array on shared memory', value: new Uint8Array(shared) },
      { name: 'a DataView on shared memory', value: new DataView(shared) },
    );
  }
  return values;
}

/** Transfers (detaches) `buffer`, as postMessage with a transfer list does. */
function detach(buffer: ArrayBufferLike): void {
  structuredClone(undefined, { transfer: [buffer as ArrayBuffer] });
}

/** Deterministic, poorly compressible bytes (xorshift32). */
function noise(size: number, seed: number): Uint8Array {
  const out = new Uint8Array(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

const interfaceCases: ConformanceCase[] = [
  {
    name: 'interface objects: constructors with length 1, plain prototypes, no call without new',
    async run(api) {
      for (const [name, Class] of [
        ['CompressionStream', api.CompressionStream],
        ['DecompressionStream', api.DecompressionStream],
      ] as const) {
        check(typeof Class === 'function', `${name} is not a function`);
        check(Class.name === name, `${name}.name is ${Class.name}`);
        check(Class.length === 1, `${name}.length is ${Class.length}, WebIDL says 1 (format)`);
        check(
          Object.getPrototypeOf(Class) === Function.prototype,
          `${name}'s [[Prototype]] is not Function.prototype`,
        );
        check(
          Object.getPrototypeOf(Class.prototype) === Object.prototype,
          `${name}.prototype's [[Prototype]] is not Object.prototype`,
        );
        const back = Object.getOwnPropertyDescriptor(Class.prototype, 'constructor')!;
        check(back.value === Class && back.writable && back.configurable, `${name}.prototype.constructor`);
        check(!back.enumerable, `${name}.prototype.constructor is enumerable`);
        let thrown: unknown;
        try {
          (Class as unknown as (format: string) => unknown)('gzip');
        } catch (error) {
          thrown = error;
        }
        checkTypeError(api, thrown, `${name} called without new`);
      }
    },
  },
  {
    name: 'readable and writable: enumerable prototype getters with brand checks, nothing on the instance',
    async run(api) {
      const compression = open(api, 'compress', 'gzip');
      const decompression = open(api, 'decompress', 'gzip');
      for (const [name, Class, instance, other] of [
        ['CompressionStream', api.CompressionStream, compression, decompression],
        ['DecompressionStream', api.DecompressionStream, decompression, compression],
      ] as const) {
        check(Object.getOwnPropertyNames(instance).length === 0, `${name} instance has own properties`);
        for (const attribute of ['readable', 'writable'] as const) {
          const descriptor = Object.getOwnPropertyDescriptor(Class.prototype, attribute);
          check(descriptor?.get, `${name}.prototype.${attribute} is not an accessor`);
          check(descriptor.set === undefined, `${name}.prototype.${attribute} has a setter`);
          check(
            descriptor.enumerable && descriptor.configurable,
            `${name}.prototype.${attribute} attributes`,
          );
          check(descriptor.get.name === `get ${attribute}`, `getter name ${descriptor.get.name}`);
          check(descriptor.get.length === 0, `getter length ${descriptor.get.length}`);
          for (const [label, receiver] of [
            ['a plain object', {}],
            ['undefined', undefined],
            ['the other interface', other],
            ['the prototype', Class.prototype],
          ] as const) {
            let thrown: unknown;
            try {
              descriptor.get.call(receiver);
            } catch (error) {
              thrown = error;
            }
            checkTypeError(api, thrown, `${name}.prototype.${attribute} getter on ${label}`);
          }
          const first = instance[attribute];
          check(first === instance[attribute], `${name}.${attribute} is not the same object each time`);
        }
        check(instance.readable instanceof ReadableStream, `${name}.readable is not a ReadableStream`);
        check(instance.writable instanceof WritableStream, `${name}.writable is not a WritableStream`);
      }
    },
  },
  {
    name: '@@toStringTag is the interface name (not writable, not enumerable, configurable)',
    async run(api) {
      for (const [name, Class] of [
        ['CompressionStream', api.CompressionStream],
        ['DecompressionStream', api.DecompressionStream],
      ] as const) {
        const descriptor = Object.getOwnPropertyDescriptor(Class.prototype, Symbol.toStringTag);
        check(descriptor?.value === name, `${name}.prototype[@@toStringTag] is ${String(descriptor?.value)}`);
        check(
          !descriptor.writable && !descriptor.enumerable && descriptor.configurable,
          '@@toStringTag attributes',
        );
        const instance = new Class('deflate' as never);
        check(Object.prototype.toString.call(instance) === `[object ${name}]`, `${name} toString`);
      }
    },
  },
];

const constructorCases: ConformanceCase[] = [
  {
    name: 'constructor: an unsupported or missing format throws TypeError',
    async run(api) {
      for (const Class of [api.CompressionStream, api.DecompressionStream]) {
        for (const format of ['a', 'GZIP', 'gzip ', '', 'zlib', undefined, null, 8, {}, []]) {
          let thrown: unknown;
          try {
            new Class(format as never);
          } catch (error) {
            thrown = error;
          }
          checkTypeError(api, thrown, `${Class.name}(${String(format)})`, ['ERR_INVALID_ARG_VALUE']);
        }
        let thrown: unknown;
        try {
          new (Class as unknown as new () => Pair)();
        } catch (error) {
          thrown = error;
        }
        checkTypeError(api, thrown, `${Class.name}() without arguments`, ['ERR_INVALID_ARG_VALUE']);
      }
    },
  },
  {
    name: 'constructor: the format is converted as a WebIDL enum (ToString first)',
    async run(api) {
      for (const Class of [api.CompressionStream, api.DecompressionStream]) {
        let thrown: unknown;
        try {
          new Class(Symbol('gzip') as never);
        } catch (error) {
          thrown = error;
        }
        checkTypeError(api, thrown, `${Class.name}(Symbol)`);
        const own = new RangeError('from toString');
        thrown = undefined;
        try {
          new Class({
            toString: () => {
              throw own;
            },
          } as never);
        } catch (error) {
          thrown = error;
        }
        check(thrown === own, `${Class.name}: the error of the format's toString() must propagate`);
        const pair = new Class({ toString: () => 'deflate' } as never);
        check(
          pair.readable instanceof ReadableStream,
          `${Class.name}: an object whose string is 'deflate' is accepted`,
        );
      }
    },
  },
];

const badChunkCases: ConformanceCase[] = FORMATS.flatMap((format) =>
  (['compress', 'decompress'] as const).map((direction) => ({
    name: `${direction} '${format}': a chunk that is not a BufferSource errors both sides with TypeError`,
    async run(api: WebStreamsUnderTest) {
      for (const { name, value } of notBufferSources()) {
        for (const after of [false, true]) {
          const pair = open(api, direction, format);
          const writer = pair.writable.getWriter();
          const reader = pair.readable.getReader();
          const what = `${name}${after ? ' after a good chunk' : ''}`;
          const reading = reader.read();
          reading.catch(() => {});
          if (after)
            writer
              .write(direction === 'compress' ? PLAIN : COMPRESSED[format].subarray(0, 5))
              .catch(() => {});
          const written = writer.write(value);
          const codes = ['ERR_INVALID_ARG_TYPE'];
          checkTypeError(api, await rejection(written, `write(${what})`), `write(${what})`, codes);
          // close() on an errored stream rejects with a new TypeError (Streams standard), not the stored one.
          checkTypeError(api, await rejection(writer.close(), `close after ${what}`), `close after ${what}`);
          checkTypeError(
            api,
            await rejection(writer.closed, `closed after ${what}`),
            `closed after ${what}`,
            codes,
          );
          if (!after)
            checkTypeError(api, await rejection(reading, `read after ${what}`), `read after ${what}`, codes);
          checkTypeError(
            api,
            await rejection(reader.closed, `reader.closed after ${what}`),
            `reader.closed`,
            codes,
          );
        }
      }
    },
  })),
);

/** Writes the data and `extra` in one chunk, leaves the writer open: the output (or a prefix), then a TypeError. */
async function extraInputWriterOpen(
  api: WebStreamsUnderTest,
  format: Format,
  input: Uint8Array,
): Promise<void> {
  const what = `${format} + ${input.length - COMPRESSED[format].length} extra bytes`;
  const pair = open(api, 'decompress', format);
  const writer = pair.writable.getWriter();
  const reader = pair.readable.getReader();
  writer.write(input).catch(() => {});
  // The output may come first (as the standard's algorithm enqueues it), then the error.
  const out: Uint8Array[] = [];
  let error: unknown;
  for (;;) {
    try {
      const { value, done } = await within(reader.read(), 10_000, what);
      check(!done, `${what}: the stream closed without an error`);
      out.push(value);
    } catch (caught) {
      error = caught;
      break;
    }
  }
  checkTypeError(api, error, what, ['Z_DATA_ERROR']);
  const output = concat(out);
  check(
    equalBytes(output, PLAIN.subarray(0, output.length)),
    `${what}: output before the error is not a prefix`,
  );
}

const extraInputCases: ConformanceCase[] = FORMATS.flatMap((format) => [
  {
    name: GAP_EXTRA_INPUT_OPEN(format),
    async run(api: WebStreamsUnderTest) {
      for (const extra of [[0], [1, 2, 3]]) {
        await extraInputWriterOpen(api, format, concat([COMPRESSED[format], new Uint8Array(extra)]));
      }
    },
  },
  {
    name: GAP_CHUNK_AFTER_END(format),
    async run(api: WebStreamsUnderTest) {
      const pair = open(api, 'decompress', format);
      const writer = pair.writable.getWriter();
      const reader = pair.readable.getReader();
      const first = reader.read();
      await writer.write(COMPRESSED[format]);
      const { value } = await within(first, 10_000, 'first read');
      check(value && equalBytes(value, PLAIN), `${format}: output before the extra chunk`);
      // Empty chunks are no input: not an error.
      writer.write(new Uint8Array(0)).catch(() => {});
      writer.write(new Uint8Array([0])).catch(() => {});
      const error = await rejection(reader.read(), `${format}: read after an extra chunk`);
      checkTypeError(api, error, `${format}: extra chunk`, ['Z_DATA_ERROR']);
    },
  },
  {
    name: GAP_TRAILING_JUNK(format),
    async run(api: WebStreamsUnderTest) {
      for (const junk of [[0], [0, 0, 0, 0, 0, 0, 0, 0], [0x1f, 0x8b], [...encoder.encode('junk')]]) {
        const { error } = await run(open(api, 'decompress', format), [
          COMPRESSED[format],
          new Uint8Array(junk),
        ]);
        checkTypeError(api, error, `${format} + junk ${junk.join(',')}`, ['Z_DATA_ERROR', 'Z_BUF_ERROR']);
      }
    },
  },
]);
extraInputCases.push(
  {
    name: "decompress 'gzip': a second member is an error at close (one member only)",
    async run(api) {
      const { error } = await run(open(api, 'decompress', 'gzip'), [COMPRESSED.gzip, COMPRESSED.gzip]);
      checkTypeError(api, error, 'two gzip members', ['Z_DATA_ERROR']);
      const joined = await run(open(api, 'decompress', 'gzip'), [concat([COMPRESSED.gzip, COMPRESSED.gzip])]);
      checkTypeError(api, joined.error, 'two gzip members in one chunk', ['Z_DATA_ERROR']);
    },
  },
  {
    name: GAP_SECOND_MEMBER_OPEN,
    async run(api) {
      await extraInputWriterOpen(api, 'gzip', concat([COMPRESSED.gzip, COMPRESSED.gzip]));
    },
  },
);

/** RFC 1950/1952 header and trailer fields: what a decompressor must do with a changed value. */
const FIELD_CASES: Readonly<
  Record<Format, { field: string; offset: number; value: number; outcome: string }[]>
> = {
  gzip: [
    { field: 'ID1', offset: 0, value: 0x1e, outcome: 'error' },
    { field: 'ID2', offset: 1, value: 0x8c, outcome: 'error' },
    { field: 'CM (not deflate)', offset: 2, value: 7, outcome: 'error' },
    { field: 'FLG.FTEXT (to be ignored)', offset: 3, value: 1, outcome: 'success' },
    { field: 'FLG.FHCRC without a header CRC', offset: 3, value: 2, outcome: 'error' },
    { field: 'FLG reserved bit', offset: 3, value: 0x20, outcome: 'error' },
    { field: 'MTIME (to be ignored)', offset: 4, value: 0xff, outcome: 'success' },
    { field: 'XFL (to be ignored)', offset: 8, value: 0xff, outcome: 'success' },
    { field: 'OS (to be ignored)', offset: 9, value: 0x80, outcome: 'success' },
    { field: 'CRC32', offset: -8, value: 0, outcome: 'error' },
    { field: 'ISIZE', offset: -4, value: 21, outcome: 'error' },
  ],
  deflate: [
    { field: 'CMF.CM (not deflate)', offset: 0, value: 0x77, outcome: 'error' },
    { field: 'FLG.FCHECK (header check)', offset: 1, value: 0x9d, outcome: 'error' },
    { field: 'FLG other valid check value', offset: 1, value: 0x01, outcome: 'success' },
    { field: 'FLG.FDICT (a dictionary is needed)', offset: 1, value: 0xbb, outcome: 'error' },
    { field: 'ADLER32', offset: -1, value: 0, outcome: 'error' },
  ],
  'deflate-raw': [{ field: 'BTYPE 11 (reserved)', offset: 0, value: 0x07, outcome: 'error' }],
};

const corruptCases: ConformanceCase[] = FORMATS.flatMap((format) => [
  {
    name: `decompress '${format}': header and trailer fields as RFC ${format === 'gzip' ? 1952 : format === 'deflate' ? 1950 : 1951} says`,
    async run(api: WebStreamsUnderTest) {
      check(
        (await decompressOutcome(api, format, COMPRESSED[format])) === 'success',
        `${format}: the input itself`,
      );
      for (const { field, offset, value, outcome } of FIELD_CASES[format]) {
        const actual = await decompressOutcome(api, format, withByte(COMPRESSED[format], offset, value));
        check(actual === outcome, `${format} ${field} = ${value}: ${actual}, expected ${outcome}`);
      }
    },
  },
  {
    name: `decompress '${format}': a changed byte at any position errors with TypeError or decodes right${format === 'deflate-raw' ? ' (raw: no checksum, wrong output allowed)' : ''}`,
    async run(api: WebStreamsUnderTest) {
      const input = COMPRESSED[format];
      for (let offset = 0; offset < input.length; offset++) {
        for (const flip of [0xff, 0x01, 0x80]) {
          const outcome = await decompressOutcome(
            api,
            format,
            withByte(input, offset, input[offset]! ^ flip),
          );
          check(
            outcome === 'error' || outcome === 'success' || format === 'deflate-raw',
            `${format}: byte ${offset} ^ ${flip} gave ${outcome}`,
          );
        }
      }
    },
  },
  {
    name: `decompress '${format}': every truncation errors with TypeError at close, not before`,
    async run(api: WebStreamsUnderTest) {
      const input = COMPRESSED[format];
      for (let length = 0; length < input.length; length++) {
        const pair = open(api, 'decompress', format);
        const writer = pair.writable.getWriter();
        const reader = pair.readable.getReader();
        const draining = (async () => {
          for (;;) if ((await reader.read()).done) return;
        })();
        draining.catch(() => {});
        // The input so far is a valid start: the writes succeed, only the end is missing.
        await within(writer.write(input.subarray(0, length)), 10_000, `write ${length} bytes`);
        const error = await rejection(writer.close(), `${format} cut at ${length}`);
        checkTypeError(api, error, `${format} cut at ${length}`, ['Z_BUF_ERROR']);
        checkTypeError(api, await rejection(draining, 'read'), `${format} cut at ${length}: read`);
      }
    },
  },
  {
    name: `decompress '${format}': a bad header errors the write that carries it, before the end`,
    async run(api: WebStreamsUnderTest) {
      const bad = withByte(COMPRESSED[format], 0, format === 'deflate-raw' ? 0x07 : 0);
      const pair = open(api, 'decompress', format);
      const writer = pair.writable.getWriter();
      const reading = pair.readable.getReader().read();
      reading.catch(() => {});
      const error = await rejection(writer.write(bad.subarray(0, 4)), `${format}: write a bad header`);
      checkTypeError(api, error, `${format}: bad header`, ['Z_DATA_ERROR']);
      checkTypeError(api, await rejection(reading, 'read'), `${format}: bad header, read`);
    },
  },
]);

/** Writes `input` in one chunk and closes; once the first output is read, detaches `input`'s buffer; reads the rest. */
async function throughDetachingInput(pair: Pair, input: Uint8Array): Promise<Uint8Array> {
  const writer = pair.writable.getWriter();
  const reader = pair.readable.getReader();
  const first = reader.read();
  writer.write(input).catch(() => {});
  writer.close().catch(() => {});
  const chunks: Uint8Array[] = [(await within(first, 10_000, 'first output')).value!];
  detach(input.buffer);
  for (;;) {
    const { value, done } = await within(reader.read(), 10_000, 'read');
    if (done) return concat(chunks);
    chunks.push(value);
  }
}

const detachCases: ConformanceCase[] = [
  {
    name: 'a chunk whose buffer is transferred right after write(): the right output or a TypeError, never wrong data',
    async run(api) {
      for (const format of FORMATS) {
        for (const direction of ['compress', 'decompress'] as const) {
          const source = direction === 'compress' ? PLAIN : COMPRESSED[format];
          const chunk = source.slice();
          const pair = open(api, direction, format);
          const writer = pair.writable.getWriter();
          const result = readAll(pair.readable);
          const written = writer.write(chunk);
          detach(chunk.buffer);
          written.catch(() => {});
          writer.close().catch(() => {});
          const reader = await result;
          if (reader.error !== undefined) {
            checkTypeError(api, reader.error, `${direction} ${format} detached`, ['ERR_INVALID_STATE']);
            continue;
          }
          const expected = direction === 'compress' ? undefined : PLAIN;
          if (expected)
            check(equalBytes(reader.output!, expected), `${direction} ${format}: wrong output after detach`);
          else {
            const back = await run(open(api, 'decompress', format), [reader.output]);
            check(
              back.output && equalBytes(back.output, PLAIN),
              `compress ${format}: wrong output after detach`,
            );
          }
        }
      }
    },
  },
  {
    name: "a chunk's buffer transferred while the stream works on it does not change the output",
    async run(api) {
      const input = noise(500_000, 0x2545f491);
      const original = input.slice();
      const compressed = await throughDetachingInput(open(api, 'compress', 'deflate'), input);
      const out = await throughDetachingInput(open(api, 'decompress', 'deflate'), compressed);
      check(equalBytes(out, original), 'the output changed when the input was detached');
    },
  },
];

function emptyChunks(): unknown[] {
  const backing = new ArrayBuffer(8);
  return [
    new Uint8Array(0),
    new ArrayBuffer(0),
    new DataView(backing, 3, 0),
    new Uint8Array(backing, 8, 0),
    new Float64Array(0),
  ];
}

const emptyChunkCases: ConformanceCase[] = FORMATS.flatMap((format) => [
  {
    name: `compress '${format}': empty chunks at every position, and no chunk at all`,
    async run(api: WebStreamsUnderTest) {
      const hello = encoder.encode('Hello');
      const world = encoder.encode('World');
      for (const empty of emptyChunks()) {
        for (const chunks of [
          [empty, hello, world],
          [hello, empty, world],
          [hello, world, empty],
          [empty, hello, empty, empty, world, empty],
          [empty],
        ]) {
          const output = await roundTrip(api, format, chunks);
          const expected = chunks.length === 1 ? new Uint8Array(0) : encoder.encode('HelloWorld');
          check(equalBytes(output, expected), `${format}: wrong round trip with empty chunks`);
        }
      }
      check((await roundTrip(api, format, [])).length === 0, `${format}: no chunk at all`);
    },
  },
  {
    name: `decompress '${format}': empty chunks around every byte of the input`,
    async run(api: WebStreamsUnderTest) {
      const chunks: unknown[] = [new Uint8Array(0)];
      for (const byte of COMPRESSED[format]) chunks.push(new Uint8Array([byte]), new ArrayBuffer(0));
      const { output, error } = await run(open(api, 'decompress', format), chunks);
      check(output && equalBytes(output, PLAIN), `${format}: ${String(error)}`);
      const empty = await run(open(api, 'decompress', format), [new Uint8Array(0)]);
      checkTypeError(api, empty.error, `${format}: only an empty chunk`, ['Z_BUF_ERROR']);
    },
  },
]);

const bufferSourceCases: ConformanceCase[] = [
  {
    name: 'every kind of BufferSource is read as its bytes, views at an offset too',
    async run(api) {
      const backing = new ArrayBuffer(64);
      new Uint8Array(backing).set(noise(64, 7));
      const sources: [string, ArrayBuffer | ArrayBufferView][] = [
        ['ArrayBuffer', backing],
        ['Uint8Array', new Uint8Array(backing, 3, 20)],
        ['Int8Array', new Int8Array(backing, 1, 7)],
        ['Uint8ClampedArray', new Uint8ClampedArray(backing, 5, 9)],
        ['Uint16Array', new Uint16Array(backing, 2, 5)],
        ['Int32Array', new Int32Array(backing, 4, 3)],
        ['Float32Array', new Float32Array(backing, 8, 2)],
        ['Float64Array', new Float64Array(backing, 8, 3)],
        ['BigInt64Array', new BigInt64Array(backing, 16, 2)],
        ['DataView', new DataView(backing, 7, 11)],
      ];
      for (const format of FORMATS) {
        for (const [name, source] of sources) {
          const bytes = ArrayBuffer.isView(source)
            ? new Uint8Array(source.buffer, source.byteOffset, source.byteLength)
            : new Uint8Array(source);
          const output = await roundTrip(api, format, [source]);
          check(equalBytes(output, bytes), `${format}: a ${name} chunk came back different`);
        }
      }
    },
  },
];

/** Every case, in the order a reader of the standard meets them. */
export const CONFORMANCE_CASES: readonly ConformanceCase[] = [
  ...interfaceCases,
  ...constructorCases,
  ...badChunkCases,
  ...extraInputCases,
  ...corruptCases,
  ...detachCases,
  ...emptyChunkCases,
  ...bufferSourceCases,
];

/** Runs every case; the names of the failed ones with why (an empty list: all passed). */
export async function runConformance(
  api: WebStreamsUnderTest,
): Promise<{ passed: number; failed: string[] }> {
  const failed: string[] = [];
  let passed = 0;
  for (const testCase of CONFORMANCE_CASES) {
    try {
      await testCase.run(api);
      passed++;
    } catch (error) {
      failed.push(`${testCase.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { passed, failed };
}
