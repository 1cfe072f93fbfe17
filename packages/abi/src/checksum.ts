// SPDX-License-Identifier: Apache-2.0
// CRC-32 (gzip, reflected polynomial 0xEDB88320) and Adler-32 (zlib), streaming like zlib's
// crc32(crc, buf) / adler32(adler, buf), their combine functions, and the conversions between the
// SQE checksum word DW31 and the standard gzip CRC (spec §4.5).

const CRC_POLYNOMIAL = 0xedb88320;
const ADLER_BASE = 65521;
// Largest n with 255·n·(n+1)/2 + (n+1)·(BASE−1) < 2^32 (zlib NMAX): sums stay exact before a modulo.
const ADLER_NMAX = 5552;

let crcTables: Uint32Array[] | undefined;

// Slicing-by-8 tables, built on first use (nothing happens on import).
function tables(): Uint32Array[] {
  if (crcTables) return crcTables;
  const built = Array.from({ length: 8 }, () => new Uint32Array(256));
  const first = built[0]!;
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? CRC_POLYNOMIAL ^ (c >>> 1) : c >>> 1;
    first[n] = c >>> 0;
  }
  for (let n = 0; n < 256; n++) {
    let c = first[n]!;
    for (let t = 1; t < 8; t++) {
      c = first[c & 0xff]! ^ (c >>> 8);
      built[t]![n] = c >>> 0;
    }
  }
  crcTables = built;
  return built;
}

/** CRC-32 of `data`, continuing from `initial` (the CRC of the bytes before; 0 to start). */
export function crc32(data: Uint8Array, initial = 0): number {
  const [t0, t1, t2, t3, t4, t5, t6, t7] = tables() as [
    Uint32Array,
    Uint32Array,
    Uint32Array,
    Uint32Array,
    Uint32Array,
    Uint32Array,
    Uint32Array,
    Uint32Array,
  ];
  let crc = ~initial;
  let i = 0;
  const end8 = data.length - (data.length % 8);
  for (; i < end8; i += 8) {
    const a = crc ^ (data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24));
    crc =
      t7[a & 0xff]! ^
      t6[(a >>> 8) & 0xff]! ^
      t5[(a >>> 16) & 0xff]! ^
      t4[a >>> 24]! ^
      t3[data[i + 4]!]! ^
      t2[data[i + 5]!]! ^
      t1[data[i + 6]!]! ^
      t0[data[i + 7]!]!;
  }
  for (; i < data.length; i++) crc = t0[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return ~crc >>> 0;
}

/** Adler-32 of `data`, continuing from `initial` (1 to start, as zlib). */
export function adler32(data: Uint8Array, initial = 1): number {
  let a = initial & 0xffff;
  let b = (initial >>> 16) & 0xffff;
  let i = 0;
  while (i < data.length) {
    const end = Math.min(i + ADLER_NMAX, data.length);
    for (; i < end; i++) {
      a += data[i]!;
      b += a;
    }
    a %= ADLER_BASE;
    b %= ADLER_BASE;
  }
  return ((b << 16) | a) >>> 0;
}

// GF(2) polynomial arithmetic modulo the CRC polynomial (zlib 1.2.12+ crc32_combine method).
function multiplyModP(a: number, b: number): number {
  let m = 0x8000_0000;
  let product = 0;
  for (;;) {
    if (a & m) {
      product ^= b;
      if ((a & (m - 1)) === 0) break;
    }
    m >>>= 1;
    b = b & 1 ? (b >>> 1) ^ CRC_POLYNOMIAL : b >>> 1;
  }
  return product >>> 0;
}

let powerTable: Uint32Array | undefined;

// powerTable[k] = x^(2^k) mod P, built on first use.
function powers(): Uint32Array {
  if (powerTable) return powerTable;
  const table = new Uint32Array(32);
  let p = 0x4000_0000; // x^1
  for (let k = 0; k < 32; k++) {
    table[k] = p;
    p = multiplyModP(p, p);
  }
  powerTable = table;
  return table;
}

// x^(8·length) mod P: the operator that advances a CRC over `length` zero bytes.
function xPowerForBytes(length: number): number {
  const table = powers();
  let result = 0x8000_0000; // x^0
  let k = 3; // 8 bits per byte
  for (let n = length; n > 0; n = Math.floor(n / 2), k++) {
    if (n % 2 === 1) result = multiplyModP(table[k & 31]!, result);
  }
  return result;
}

/** CRC-32 of A‖B from crc32(A), crc32(B) and B's length (any safe integer). */
export function crc32Combine(crcA: number, crcB: number, lengthB: number): number {
  return (multiplyModP(xPowerForBytes(lengthB), crcA >>> 0) ^ (crcB >>> 0)) >>> 0;
}

/** Adler-32 of A‖B from adler32(A), adler32(B) and B's length (any safe integer). */
export function adler32Combine(adlerA: number, adlerB: number, lengthB: number): number {
  const remainder = lengthB % ADLER_BASE;
  const a1 = adlerA & 0xffff;
  let sum1 = a1;
  let sum2 = (remainder * a1) % ADLER_BASE;
  sum1 += (adlerB & 0xffff) + ADLER_BASE - 1;
  sum2 += ((adlerA >>> 16) & 0xffff) + ((adlerB >>> 16) & 0xffff) + ADLER_BASE - remainder;
  if (sum1 >= ADLER_BASE) sum1 -= ADLER_BASE;
  if (sum1 >= ADLER_BASE) sum1 -= ADLER_BASE;
  if (sum2 >= ADLER_BASE << 1) sum2 -= ADLER_BASE << 1;
  if (sum2 >= ADLER_BASE) sum2 -= ADLER_BASE;
  return ((sum2 << 16) | sum1) >>> 0;
}

/** Reverses the bit order of a 32-bit word. */
export function bitReverse32(value: number): number {
  let x = value >>> 0;
  x = ((x >>> 1) & 0x5555_5555) | ((x & 0x5555_5555) << 1);
  x = ((x >>> 2) & 0x3333_3333) | ((x & 0x3333_3333) << 2);
  x = ((x >>> 4) & 0x0f0f_0f0f) | ((x & 0x0f0f_0f0f) << 4);
  x = ((x >>> 8) & 0x00ff_00ff) | ((x & 0x00ff_00ff) << 8);
  return ((x >>> 16) | (x << 16)) >>> 0;
}

/** The standard gzip CRC-32 held by a gzip SQE's DW31: `bitreverse32(~dw31)`. */
export function gzipCrcFromChecksumWord(dw31: number): number {
  return bitReverse32(~dw31 >>> 0);
}

/** The DW31 value for a running gzip CRC-32: `~bitreverse32(crc)`. */
export function checksumWordFromGzipCrc(crc: number): number {
  return ~bitReverse32(crc) >>> 0;
}

/** The running Adler-32 of a zlib SQE's DW31 (held in native form, spec §4.5). */
export function zlibAdlerFromChecksumWord(dw31: number): number {
  return dw31 >>> 0;
}
