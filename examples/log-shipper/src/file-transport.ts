// SPDX-License-Identifier: Apache-2.0
// The pino transport for the rotating gzip file sink. The same function serves in-process
// (`pino(createFileTransport(options))`) and as a worker-thread target
// (`pino.transport({ target: '@uacce/pino-transport/file', options })`).
import { Writable } from 'node:stream';
import { type RotatingFileOptions, RotatingGzipFile } from './rotating-file';

/**
 * A Writable taking pino's NDJSON output (whole lines per write) into a RotatingGzipFile. Each write
 * is taken at once (the sink bounds its memory itself, compressing on this thread when it must),
 * so nothing waits in the stream's own buffer, and the sink's exit hook sees every line. end()
 * writes what is left and closes the file.
 */
export function createFileTransport(options: RotatingFileOptions): Writable & { sink: RotatingGzipFile } {
  const sink = new RotatingGzipFile(options);
  const stream = new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _encoding, callback) {
      // A write error (disk full, a rename that failed) is the stream's error, not an unhandled one.
      sink.write(chunk).catch((error: unknown) => stream.destroy(error as Error));
      callback();
    },
    final(callback) {
      sink.close().then(() => callback(), callback);
    },
    destroy(error, callback) {
      sink.close().then(
        () => callback(error),
        (closeError: unknown) => callback((error ?? closeError) as Error | null),
      );
    },
  });
  return Object.assign(stream, { sink });
}

export default createFileTransport;
