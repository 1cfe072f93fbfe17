// SPDX-License-Identifier: Apache-2.0
// Feeding one message through a stream in fixed-size chunks, honouring backpressure, the way an
// application's pipeline would; shared by every streaming contender so they are timed alike.
import { once } from 'node:events';
import type { Transform } from 'node:stream';

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Writes `input` into a Node Transform in `chunk`-byte pieces and returns everything it emits. */
export async function throughTransform(stream: Transform, input: Uint8Array, chunk: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  stream.on('data', (part: Buffer) => parts.push(part));
  const finished = new Promise<void>((resolve, reject) => {
    stream.once('end', resolve);
    stream.once('error', reject);
  });
  const buffer = asBuffer(input);
  for (let offset = 0; offset < buffer.length; offset += chunk) {
    if (!stream.write(buffer.subarray(offset, offset + chunk))) await once(stream, 'drain');
  }
  stream.end();
  await finished;
  return Buffer.concat(parts);
}

async function collect(readable: ReadableStream<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  const reader = readable.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
  }
  return Buffer.concat(parts);
}

/** Writes `input` into a WHATWG transform stream in `chunk`-byte pieces and returns its output. */
export async function throughWebStream(
  stream: { readable: ReadableStream<Uint8Array>; writable: WritableStream<BufferSource> },
  input: Uint8Array,
  chunk: number,
): Promise<Buffer> {
  const output = collect(stream.readable);
  const writer = stream.writable.getWriter();
  for (let offset = 0; offset < input.length; offset += chunk) {
    await writer.ready;
    // The write promise settles after the chunk is consumed; errors surface through close().
    writer.write(input.subarray(offset, offset + chunk) as Uint8Array<ArrayBuffer>).catch(() => {});
  }
  await writer.close();
  return output;
}
