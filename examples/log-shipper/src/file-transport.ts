// SPDX-License-Identifier: Apache-2.0
// The pino transport for the rotating gzip file sink.
import build from 'pino-abstract-transport';
import { type RotatingFileOptions, RotatingGzipFile } from './rotating-file';

/** Builds the transport stream writing every line to a RotatingGzipFile. */
export function createFileTransport(options: RotatingFileOptions) {
  const sink = new RotatingGzipFile(options);
  return build(
    async (source) => {
      for await (const line of source as AsyncIterable<string>) await sink.write(`${line}\n`);
    },
    { parse: 'lines', close: () => sink.close() },
  );
}

export default createFileTransport;
