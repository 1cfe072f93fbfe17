// SPDX-License-Identifier: Apache-2.0
export { type CompressibleResponse, compressResponse } from './compress-response';
export {
  appendVary,
  type Decision,
  decideCompression,
  type FilterContext,
  type ResponseFacts,
  weakenEtag,
} from './decide';
export { fastifyCompression } from './fastify';
export { compression, type Middleware, withCompression } from './middleware';
export { type Coding, type Negotiated, negotiateEncoding, parseAcceptEncoding } from './negotiate';
export {
  type CompressedResponse,
  type CompressionOptions,
  type ContentTypeFilter,
  defaultFilter,
  type Engine,
  isCompressibleType,
  type RequestFilter,
  resolveOptions,
} from './options';
export { metricsHandler, PROMETHEUS_CONTENT_TYPE, prometheusMetrics } from './prometheus';
export { compressedResponses, engineHeaderValue } from './report';
export type { CompressionImplementation, Compressor, CompressorOptions } from './zlib-implementation';
