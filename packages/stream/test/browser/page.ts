// SPDX-License-Identifier: Apache-2.0
// Runs inside Chromium: exercises @uacce/stream's browser entry and reports to window.__result.
// The package's "browser" export condition points here (asserted by browser-chromium.test.ts).
// The same bundle also runs as a module worker (/bundle.js), where it runs the Compression
// Streams conformance cases in worker scope and posts the results to the page.
import * as zlib from '../../src/browser';
import { runConformance, type WebStreamsUnderTest } from '../helpers/web-conformance';

declare global {
  interface Window {
    __result?: unknown;
  }
}

const enc = new TextEncoder();
const dec = new TextDecoder();
const text = 'uacce in the browser '.repeat(5000);

async function readAll(readable: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(readable).arrayBuffer());
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

type Classes = Pick<WebStreamsUnderTest, 'CompressionStream' | 'DecompressionStream'>;

/** The conformance cases on our classes, in this scope. */
async function conformance(): Promise<unknown> {
  const ours = zlib as unknown as Classes;
  return runConformance({
    CompressionStream: ours.CompressionStream,
    DecompressionStream: ours.DecompressionStream,
    ours: true,
  });
}

/** Runs the conformance cases in a module worker (this same bundle). */
function workerConformance(): Promise<unknown> {
  return new Promise((resolve) => {
    const worker = new Worker('/bundle.js', { type: 'module' });
    worker.onmessage = (event) => {
      resolve(event.data);
      worker.terminate();
    };
    worker.onerror = (event) => resolve({ failed: String(event.message) });
  });
}

async function run(): Promise<Record<string, unknown>> {
  const result: Record<string, unknown> = {};
  result.hasProcess = typeof (globalThis as { process?: unknown }).process !== 'undefined';
  const gz = zlib.gzipSync(text, { level: 9 });
  result.syncRoundTrip = dec.decode(zlib.gunzipSync(gz)) === text;
  result.gzipBase64 = base64(gz);
  // Ours → the browser's own DecompressionStream, and the browser's CompressionStream → ours.
  const native = new Blob([gz as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new globalThis.DecompressionStream('gzip'));
  result.nativeReadsOurs = dec.decode(await readAll(native)) === text;
  const nativeDeflate = await readAll(
    new Blob([enc.encode(text)]).stream().pipeThrough(new globalThis.CompressionStream('deflate')),
  );
  result.oursReadsNative = dec.decode(await zlib.promises.inflate(nativeDeflate)) === text;
  // Our streams, with options and flush().
  const ours = new zlib.CompressionStream('deflate-raw', { level: 1, engine: 'auto' });
  const writer = ours.writable.getWriter();
  const reader = ours.readable.getReader();
  const first = reader.read();
  await writer.write(enc.encode('data: hello\n\n'));
  await ours.flush();
  const flushed = (await first).value!;
  result.flushedDecodes =
    dec.decode(zlib.inflateRawSync(flushed, { finishFlush: zlib.constants.Z_SYNC_FLUSH })) ===
    'data: hello\n\n';
  result.engine = ours.engine;
  // node:zlib's error codes.
  try {
    zlib.gunzipSync(enc.encode('definitely not gzip'));
  } catch (error) {
    result.errorCode = (error as { code?: string }).code;
    result.errorName = (error as Error).name;
  }
  result.crc32 = zlib.crc32('hello');
  result.calls = zlib.metrics().software.calls;
  result.windowConformance = await conformance();
  result.workerConformance = await workerConformance();
  return result;
}

if (typeof window === 'undefined') {
  // In the worker.
  conformance().then(
    (result) => postMessage(result),
    (error: unknown) => postMessage({ failed: String(error) }),
  );
} else {
  run().then(
    (result) => {
      window.__result = result;
    },
    (error: unknown) => {
      window.__result = { failed: String(error) };
    },
  );
}
