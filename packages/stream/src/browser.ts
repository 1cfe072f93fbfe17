// SPDX-License-Identifier: Apache-2.0
// @uacce/stream (browser and other runtimes without node:zlib): the same names on pako.
// Nothing here imports a node: module. Node-stream factories (createGzip...) need node:stream and
// are only in the Node entry; the WHATWG streams are the streaming API here.
import * as zlib from './browser/api';

export * from './browser/api';
/** The whole module as one object. */
export default zlib;
