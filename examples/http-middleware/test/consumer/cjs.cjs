// SPDX-License-Identifier: Apache-2.0
// The tarballs from CommonJS: require() of each entry point.
const http = require('@uacce/http-compression');
const shipper = require('@uacce/pino-transport');
const file = require('@uacce/pino-transport/file');

process.stdout.write(
  `${JSON.stringify({
    compression: typeof http.compression,
    filter: typeof http.compression.filter,
    prometheus: http.prometheusMetrics().includes('uacce_stream_streams_total{engine="software"}'),
    HttpShipper: typeof shipper.HttpShipper,
    transport: typeof shipper.default,
    file: typeof file.default,
    RotatingGzipFile: typeof file.RotatingGzipFile,
  })}\n`,
);
