// SPDX-License-Identifier: Apache-2.0
// What a device generation can do and how each format is asked of it (spec §1.4, §4.1, §4.3).
//
//   hw type   SQE layout   advertised             deflate-raw served as
//   2 (v2)    type 0       zlib, gzip             zlib request, framing handled by the driver
//   ≥3 (v3)   type 3       zlib, gzip, deflate    deflate request (type 1)
//
// On v2 raw deflate is not advertised. Compression is still served: the device's zlib request is
// raw deflate plus framing the driver controls: no header is ever written by the device (spec
// §4.8), and the 4-byte Adler-32 trailer it appends on finish has a fixed length the driver cuts
// off. Decompression is not served on v2: after the final block a zlib request goes on to read
// (and check) a 4-byte trailer a raw stream does not have, so the end of a raw stream followed by
// other bytes cannot be found; supports('deflate-raw', 'decompress') is false there and the caller
// uses software.
import { ZIP_REQUEST_TYPE, zipSqeTypeFor } from '@uacce/abi';
import type { ZipDirection, ZipFormat } from './format';

/** How one format is put into descriptors on one device generation. */
export interface FormatPlan {
  /** DW9 7:0. */
  requestType: number;
  /** DW7 31:28: 0 (tag in DW13) or 3 (tag in DW26). */
  sqeType: number;
  /** Trailer bytes the device appends on finish that this format must not carry (v2 raw deflate). */
  stripTrailer: number;
  /** Trailer bytes the device appends on finish and the stream keeps. */
  deviceTrailer: number;
}

/** The capabilities of one device generation. */
export class HardwareProfile {
  readonly hwType: number;
  readonly algorithms: readonly string[];

  constructor(hwType: number, algorithms: readonly string[]) {
    this.hwType = hwType;
    this.algorithms = algorithms;
  }

  /** True when the device generation can serve `format` in `direction`. */
  supports(format: ZipFormat, direction: ZipDirection): boolean {
    if (this.hwType < 2) return false; // v1 has a different SQE and no SVA path here
    if (format === 'zlib' || format === 'gzip') return this.algorithms.includes(format);
    if (this.algorithms.includes('deflate')) return true;
    // Raw deflate without 'deflate': compression through the zlib request only (see above).
    return direction === 'compress' && this.algorithms.includes('zlib');
  }

  /** The descriptor plan for a format. */
  plan(format: ZipFormat): FormatPlan {
    const native = format !== 'deflate-raw' || this.algorithms.includes('deflate');
    const requestType =
      format === 'gzip'
        ? ZIP_REQUEST_TYPE.GZIP
        : format === 'zlib' || !native
          ? ZIP_REQUEST_TYPE.ZLIB
          : ZIP_REQUEST_TYPE.DEFLATE;
    const trailer = requestType === ZIP_REQUEST_TYPE.GZIP ? 8 : requestType === ZIP_REQUEST_TYPE.ZLIB ? 4 : 0;
    return {
      requestType,
      sqeType: zipSqeTypeFor(this.hwType, requestType),
      stripTrailer: native ? 0 : trailer,
      deviceTrailer: native ? trailer : 0,
    };
  }
}
