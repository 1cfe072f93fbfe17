// SPDX-License-Identifier: Apache-2.0
// Runs inside Chromium: exercises @uacce/stream's browser entry and reports to window.__result.
// The package's "browser" export condition points here (asserted by browser-chromium.test.ts).
import * as zlib from '../../src/browser';

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
  return result;
}

run().then(
  (result) => {
    window.__result = result;
  },
  (error: unknown) => {
    window.__result = { failed: String(error) };
  },
);
