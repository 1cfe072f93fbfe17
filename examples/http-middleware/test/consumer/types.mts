// SPDX-License-Identifier: Apache-2.0
// Type-checked under module nodenext as ESM: the tarballs' declarations for `import`.
import { type CompressedResponse, compression, prometheusMetrics } from '@uacce/http-compression';
import { HttpShipper, type ShipperOptions } from '@uacce/pino-transport';
import createFileTransport, { type RotatingFileOptions } from '@uacce/pino-transport/file';

const options: ShipperOptions = { url: 'http://127.0.0.1:1/ingest', spoolDir: '/tmp/spool' };
const fileOptions: RotatingFileOptions = { dir: '/tmp/logs', maxPendingBytes: 1 << 20 };
export const middleware = compression({
  engineHeader: true,
  filter: (req, res) => req.method !== 'HEAD' && compression.filter(req, res),
  onCompressed: (info: CompressedResponse) => void info.engine.toUpperCase(),
});
export const text: string = prometheusMetrics();
export const shipper = new HttpShipper(options);
export const sink = createFileTransport(fileOptions).sink.pendingBytes + 1;
