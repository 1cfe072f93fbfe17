// SPDX-License-Identifier: Apache-2.0
// Type-checked under module nodenext as CommonJS: the tarballs' declarations for `require`.
import http = require('@uacce/http-compression');
import shipping = require('@uacce/pino-transport');
import file = require('@uacce/pino-transport/file');

export const middleware = http.compression({ filter: (type: string) => type.startsWith('text/') });
export const shipper = new shipping.HttpShipper({ url: 'http://127.0.0.1:1/ingest', spoolDir: '/tmp/spool' });
export const sink = new file.RotatingGzipFile({ dir: '/tmp/logs' });
