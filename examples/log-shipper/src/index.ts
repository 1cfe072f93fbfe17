// SPDX-License-Identifier: Apache-2.0
export { GzipBatch, type SealedBatch } from './batch';
export { type DeliveryOutcome, type DeliveryRequest, deliver } from './deliver';
export { createFileTransport } from './file-transport';
export type { Engine } from './internal/zlib';
export { type ResolvedShipperOptions, resolveShipperOptions, type ShipperOptions } from './options';
export { type Backoff, backoffDelay } from './retry';
export { type RotatingFileOptions, RotatingGzipFile } from './rotating-file';
export { HttpShipper, type ShipperEvent } from './shipper';
export { DiskSpool, type SpooledBatch } from './spool';
export {
  createShipperTransport,
  createShipperTransport as default,
  type ShipperTransportOptions,
} from './transport';
