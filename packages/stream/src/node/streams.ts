// SPDX-License-Identifier: Apache-2.0
// The stream classes and factories with node:zlib's names. A stream is node:zlib's own class
// (subclassed) unless hardware may serve it; then it is an adaptive stream that picks its engine
// from its first bytes and falls back to software. `new Gzip()` and `createGzip()` are the same.

import { hardwarePossible, readyEngine, unavailableReason } from '../hardware/engine-state';
import { needsSoftware } from '../hardware/route';
import { KINDS, type Kind } from '../internal/kinds';
import { engineOf, type ZlibOptions } from '../options';
import { AdaptiveCompressor } from './adaptive-compress';
import { AdaptiveDecompressor } from './adaptive-decompress';
import { AdaptiveStream } from './adaptive-stream';
import {
  type SoftwareClass,
  SoftwareDeflate,
  SoftwareDeflateRaw,
  SoftwareGunzip,
  SoftwareGzip,
  SoftwareInflate,
  SoftwareInflateRaw,
  type SoftwareStream,
  SoftwareUnzip,
} from './software';

/** Where a new stream goes: an adaptive stream, or software with the reason (undefined when asked for). */
function streamRoute(kind: Kind, options: ZlibOptions | undefined): AdaptiveStream | string | undefined {
  const requested = engineOf(options);
  if (requested === 'software') return undefined;
  if (needsSoftware(options)) return 'unsupported';
  if (!hardwarePossible(requested === 'hardware')) return unavailableReason() ?? 'no-device';
  const { format, direction } = KINDS[kind];
  const engine = readyEngine();
  if (engine && !KINDS[kind].detect && !engine.supports(format, direction)) return 'unsupported';
  return direction === 'compress'
    ? new AdaptiveCompressor(kind, format, requested, options)
    : new AdaptiveDecompressor(kind, format, requested, options);
}

/** Constructor of a public stream class: `new Gzip(options)`. */
export interface StreamClass {
  new (options?: ZlibOptions): SoftwareStream;
  readonly prototype: SoftwareStream;
}

function publicClass(kind: Kind, Software: SoftwareClass): StreamClass {
  const PublicClass = class extends Software {
    // biome-ignore lint/correctness/noUnreachableSuper: `new Gzip()` may hand back an adaptive stream instead.
    constructor(options?: ZlibOptions) {
      const routed = streamRoute(kind, options);
      // biome-ignore lint/correctness/noConstructorReturn: node:zlib's class names must also build hardware-capable streams.
      if (routed instanceof AdaptiveStream) return routed as unknown as PublicClass;
      super(options, routed);
    }

    /** Adaptive streams of the same kind count as instances too. */
    static override [Symbol.hasInstance](value: unknown): boolean {
      // biome-ignore lint/complexity/noThisInStatic: `this` is the class instanceof was asked about (subclasses too).
      if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
      // biome-ignore lint/complexity/noThisInStatic: only the public class itself, not user subclasses.
      return this === PublicClass && value instanceof AdaptiveStream && value.zlibKind === kind;
    }
  };
  type PublicClass = InstanceType<typeof PublicClass>;
  return PublicClass;
}

/** A gzip compression stream (node:zlib `Gzip`), on the engine `options.engine` selects. */
export const Gzip = publicClass('gzip', SoftwareGzip);
export type Gzip = SoftwareStream;
/** A gzip decompression stream (node:zlib `Gunzip`). */
export const Gunzip = publicClass('gunzip', SoftwareGunzip);
export type Gunzip = SoftwareStream;
/** A zlib-format compression stream (node:zlib `Deflate`). */
export const Deflate = publicClass('deflate', SoftwareDeflate);
export type Deflate = SoftwareStream;
/** A zlib-format decompression stream (node:zlib `Inflate`). */
export const Inflate = publicClass('inflate', SoftwareInflate);
export type Inflate = SoftwareStream;
/** A raw deflate compression stream (node:zlib `DeflateRaw`). */
export const DeflateRaw = publicClass('deflateRaw', SoftwareDeflateRaw);
export type DeflateRaw = SoftwareStream;
/** A raw deflate decompression stream (node:zlib `InflateRaw`). */
export const InflateRaw = publicClass('inflateRaw', SoftwareInflateRaw);
export type InflateRaw = SoftwareStream;
/** A gzip-or-zlib decompression stream (node:zlib `Unzip`). */
export const Unzip = publicClass('unzip', SoftwareUnzip);
export type Unzip = SoftwareStream;

/** Creates a Gzip stream. Throws ERR_INVALID_ARG_VALUE for a bad `engine`, node:zlib's codes for bad options. */
export const createGzip = (options?: ZlibOptions): Gzip => new Gzip(options);
/** Creates a Gunzip stream. */
export const createGunzip = (options?: ZlibOptions): Gunzip => new Gunzip(options);
/** Creates a Deflate stream. */
export const createDeflate = (options?: ZlibOptions): Deflate => new Deflate(options);
/** Creates an Inflate stream. */
export const createInflate = (options?: ZlibOptions): Inflate => new Inflate(options);
/** Creates a DeflateRaw stream. */
export const createDeflateRaw = (options?: ZlibOptions): DeflateRaw => new DeflateRaw(options);
/** Creates an InflateRaw stream. */
export const createInflateRaw = (options?: ZlibOptions): InflateRaw => new InflateRaw(options);
/** Creates an Unzip stream. */
export const createUnzip = (options?: ZlibOptions): Unzip => new Unzip(options);
