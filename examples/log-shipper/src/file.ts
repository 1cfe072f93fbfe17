// SPDX-License-Identifier: Apache-2.0
// The `./file` entry point: the rotating gzip file sink as a pino target of its own,
// `pino.transport({ target: '@uacce/pino-transport/file', options: { dir } })`, no wrapper needed.
export { createFileTransport, createFileTransport as default } from './file-transport';
export { type RotatingFileOptions, RotatingGzipFile } from './rotating-file';
