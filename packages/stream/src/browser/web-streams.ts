// SPDX-License-Identifier: Apache-2.0
// WHATWG CompressionStream / DecompressionStream of the browser entry: the standard's classes
// (../web/compression-streams.ts) on pako, with the same options, flush() and engine reporting as
// the Node entry's.
import {
  type CompressionFormat,
  type CompressionPair,
  type CompressionPairClass,
  defineCompressionStreams,
  type EngineInfo,
} from '../web/compression-streams';
import { type CompressionStreamOptions, openPakoCodec } from './web-codecs';

export type { CompressionFormat, CompressionStreamOptions, EngineInfo };

const classes = /* @__PURE__ */ defineCompressionStreams(openPakoCodec);

/** WHATWG CompressionStream on pako, with options and `flush()`. Throws TypeError (ERR_INVALID_ARG_VALUE) for another format. */
export const CompressionStream: CompressionPairClass<CompressionStreamOptions> = classes.CompressionStream;
export type CompressionStream = CompressionPair;
/** WHATWG DecompressionStream on pako; errors are TypeErrors with node:zlib's codes (Z_DATA_ERROR, Z_BUF_ERROR...). */
export const DecompressionStream: CompressionPairClass<CompressionStreamOptions> =
  classes.DecompressionStream;
export type DecompressionStream = CompressionPair;
