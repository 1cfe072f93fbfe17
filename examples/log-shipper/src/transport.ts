// SPDX-License-Identifier: Apache-2.0
// The pino transport: `pino.transport({ target: '@uacce/pino-transport', options })` runs this
// in a worker thread; every NDJSON line pino writes goes to the HTTP shipper.
import build from 'pino-abstract-transport';
import type { ShipperOptions } from './options';
import { HttpShipper, type ShipperEvent } from './shipper';

/** Transport options: the shipper's, plus an optional event callback (in-process use only). */
export interface ShipperTransportOptions extends ShipperOptions {
  onEvent?: (event: ShipperEvent) => void;
}

/** Builds the transport stream; resolves once the spool is open and older batches are being resent. */
export async function createShipperTransport(options: ShipperTransportOptions) {
  const shipper = new HttpShipper(options, options.onEvent);
  await shipper.start();
  return build(
    async (source) => {
      for await (const line of source as AsyncIterable<string>) await shipper.write(`${line}\n`);
    },
    { parse: 'lines', close: () => shipper.close() },
  );
}

export default createShipperTransport;
