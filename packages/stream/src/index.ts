// SPDX-License-Identifier: Apache-2.0
// @uacce/stream (Node entry): node:zlib's API and the WHATWG Compression Streams on the best engine.
import * as zlib from './node/api';

export * from './node/api';
/** The whole module as one object, like `import zlib from 'node:zlib'`. */
export default zlib;
