// SPDX-License-Identifier: Apache-2.0
// The software engine on Node: node:zlib's own stream classes, subclassed. No per-chunk work is
// added (the subclass only counts output bytes when they are pushed), so throughput is node:zlib's.
import zlib from 'node:zlib';
import { type Direction, KINDS, type Kind } from '../internal/kinds';
import { toZlibError } from '../internal/zlib-error';
import { countStream } from '../metrics';
import { DEFAULT_DECOMPRESS_CHUNK_SIZE, type Format, type ServedEngine, type ZlibOptions } from '../options';
import { reportSelection } from './report';

/** What a stream says about the engine serving it. */
export interface EngineInfo {
  engine: ServedEngine;
  /** Device name when on hardware. */
  device: string | undefined;
  /** True when the device is the emulator. */
  emulated: boolean;
}

/** The engine-reporting surface every stream of this package has, besides node:zlib's. */
export interface EngineReporting {
  /** 'hardware' or 'software': the engine serving the stream now. */
  readonly engine: ServedEngine;
  /** The engine with device details. */
  readonly engineInfo: EngineInfo;
  /** Why the stream left (or never took) the hardware, when it did; undefined otherwise. */
  readonly fallbackReason: string | undefined;
}

/** node:zlib's stream type for the deflate family (Zlib & Transform). */
export type ZlibStream = zlib.Deflate;

/** A stream of this package: node:zlib's stream surface plus engine reporting. */
export type SoftwareStream = ZlibStream & EngineReporting;
/** Constructor of a software stream class. */
export type SoftwareClass = new (options?: ZlibOptions, routeReason?: string) => SoftwareStream;

type ZlibConstructor = new (options?: zlib.ZlibOptions) => ZlibStream;

// @types/node declares only interfaces for these; the runtime exports the constructors.
const NODE = zlib as unknown as Record<
  'Gzip' | 'Gunzip' | 'Deflate' | 'Inflate' | 'DeflateRaw' | 'InflateRaw' | 'Unzip',
  ZlibConstructor
>;

/** node:zlib's own class of each kind. */
export const NODE_CLASSES: Readonly<Record<Kind, ZlibConstructor>> = {
  gzip: NODE.Gzip,
  gunzip: NODE.Gunzip,
  deflate: NODE.Deflate,
  inflate: NODE.Inflate,
  deflateRaw: NODE.DeflateRaw,
  inflateRaw: NODE.InflateRaw,
  unzip: NODE.Unzip,
};

const SOFTWARE_INFO: EngineInfo = Object.freeze({ engine: 'software', device: undefined, emulated: false });

const kOut = Symbol('bytesOut');
const kReason = Symbol('routeReason');

/** Options for node:zlib: our decompression default chunk size when the caller set none. */
export function nodeOptions(
  direction: Direction,
  options: ZlibOptions | undefined,
): zlib.ZlibOptions | undefined {
  if (direction === 'decompress' && options?.chunkSize === undefined) {
    return { ...options, chunkSize: DEFAULT_DECOMPRESS_CHUNK_SIZE } as zlib.ZlibOptions;
  }
  return options as zlib.ZlibOptions | undefined;
}

function softwareClass(Base: ZlibConstructor, kind: Kind) {
  const { format, direction } = KINDS[kind];
  return class SoftwareStream extends Base implements EngineReporting {
    [kOut] = 0;
    [kReason]: string | undefined;

    constructor(options?: ZlibOptions, routeReason?: string) {
      super(nodeOptions(direction, options));
      this[kReason] = routeReason;
      reportSelection({
        operation: 'stream',
        format,
        direction,
        engine: 'software',
        reason: routeReason,
        device: undefined,
      });
    }

    get engine(): ServedEngine {
      return 'software';
    }

    get engineInfo(): EngineInfo {
      return SOFTWARE_INFO;
    }

    get fallbackReason(): string | undefined {
      return this[kReason];
    }

    override push(chunk: unknown, encoding?: BufferEncoding): boolean {
      if (chunk !== null) this[kOut] += (chunk as Uint8Array).length;
      return super.push(chunk, encoding);
    }

    override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
      countStream('software', this.bytesWritten, this[kOut]);
      super._destroy(error === null ? null : toZlibError(error), callback);
    }
  };
}

/** Software stream classes, one per kind, built on node:zlib's classes. */
export const SoftwareGzip: SoftwareClass = softwareClass(NODE.Gzip, 'gzip');
export const SoftwareGunzip: SoftwareClass = softwareClass(NODE.Gunzip, 'gunzip');
export const SoftwareDeflate: SoftwareClass = softwareClass(NODE.Deflate, 'deflate');
export const SoftwareInflate: SoftwareClass = softwareClass(NODE.Inflate, 'inflate');
export const SoftwareDeflateRaw: SoftwareClass = softwareClass(NODE.DeflateRaw, 'deflateRaw');
export const SoftwareInflateRaw: SoftwareClass = softwareClass(NODE.InflateRaw, 'inflateRaw');
export const SoftwareUnzip: SoftwareClass = softwareClass(NODE.Unzip, 'unzip');

export type { Format };
