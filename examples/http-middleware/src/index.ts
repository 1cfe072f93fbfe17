// SPDX-License-Identifier: Apache-2.0
export { type CompressibleResponse, compressResponse } from './compress-response';
export { appendVary, type Decision, decideCompression, type ResponseFacts, weakenEtag } from './decide';
export { fastifyCompression } from './fastify';
export { compression, type Middleware, withCompression } from './middleware';
export { type Coding, type Negotiated, negotiateEncoding, parseAcceptEncoding } from './negotiate';
export { type CompressionOptions, type Engine, isCompressibleType, resolveOptions } from './options';
export type { CompressionImplementation, Compressor, CompressorOptions } from './zlib-implementation';
