// SPDX-License-Identifier: Apache-2.0
// gzip's decompression member by member, as gzip 1.12 reads a file: each member's header and
// trailer through @uacce/zip, its deflate data through @uacce/stream's raw inflater, and after the
// last member zero bytes or garbage, which gzip accepts with a warning (status 2) instead of
// failing. node:zlib's gunzip (and so createGunzip) treats those bytes as a broken next member.
import { Transform, type TransformCallback } from 'node:stream';
import { crc32, createInflateRaw } from '@uacce/stream';
import { parseGzipHeader, verifyGzipTrailer } from '@uacce/zip';
import { startsLikeGzip } from './ratio';

/** What followed the last member: nothing, zero bytes, or something that is not gzip. */
export type Trailing = 'none' | 'zeros' | 'garbage';

const TRAILER_LENGTH = 8;

function truncated(): Error {
  return Object.assign(new Error('unexpected end of file'), { code: 'Z_BUF_ERROR', errno: -5 });
}

function notGzip(): Error {
  return Object.assign(new Error('not in gzip format'), { code: 'Z_DATA_ERROR', errno: -3 });
}

/** Decompresses concatenated gzip members; reports what followed them and the last member's trailer. */
export class GzipMembers extends Transform {
  readonly engine = 'software';
  readonly engineInfo = { engine: 'software', device: undefined, emulated: false };
  readonly fallbackReason = undefined;
  trailing: Trailing = 'none';
  /** The last complete member's CRC-32 and ISIZE (what gzip -lv shows). */
  lastCrc = 0;
  lastSize = 0;
  members = 0;
  #state: 'header' | 'body' | 'trailer' | 'done' = 'header';
  #pending: Buffer = Buffer.alloc(0);
  #inflater: ReturnType<typeof createInflateRaw> | undefined;
  #written = 0;
  #ended: Promise<void> = Promise.resolve();
  #crc = 0;
  #size = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#consume(chunk).then(() => callback(), callback);
  }

  override _flush(callback: TransformCallback): void {
    this.#finish().then(() => callback(), callback);
  }

  async #consume(chunk: Buffer): Promise<void> {
    let bytes: Buffer = chunk;
    while (bytes.length > 0 && this.#state !== 'done') {
      if (this.#state === 'body') {
        bytes = await this.#inflate(bytes);
        continue;
      }
      this.#pending = this.#pending.length === 0 ? bytes : Buffer.concat([this.#pending, bytes]);
      bytes = Buffer.alloc(0);
      if (this.#state === 'header') bytes = this.#header();
      else bytes = this.#trailer();
    }
  }

  /** Starts a member once its header is complete; what follows the header goes to the inflater. */
  #header(): Buffer {
    if (this.members > 0 && !startsLikeGzip(this.#pending)) {
      // A second byte may still make it a member: wait for it.
      if (this.#pending.length === 1 && this.#pending[0] === 0x1f) return Buffer.alloc(0);
      if (this.#pending.some((byte) => byte !== 0)) this.trailing = 'garbage';
      else return this.#keepZeros();
      this.#state = 'done';
      return Buffer.alloc(0);
    }
    if (this.#pending.length >= 2 && !startsLikeGzip(this.#pending)) throw notGzip();
    const parsed = parseGzipHeader(this.#pending);
    if (parsed === undefined) return Buffer.alloc(0);
    const rest = this.#pending.subarray(parsed.length);
    this.#pending = Buffer.alloc(0);
    this.#state = 'body';
    this.#crc = 0;
    this.#size = 0;
    this.#written = 0;
    this.#inflater = createInflateRaw({ engine: 'software' });
    const inflater = this.#inflater;
    this.#ended = new Promise<void>((resolve, reject) => {
      inflater.once('end', resolve);
      inflater.once('error', reject);
    });
    // Awaited in #closeInflater; an error before that is also reported by the write that met it.
    this.#ended.catch(() => {});
    this.#inflater.on('data', (output: Buffer) => {
      this.#crc = crc32(output, this.#crc);
      this.#size += output.length;
      this.push(output);
    });
    return rest;
  }

  /** Zero bytes after a member: gzip ignores them if nothing but zeros follows. */
  #keepZeros(): Buffer {
    this.trailing = 'zeros';
    return Buffer.alloc(0);
  }

  /** Feeds the inflater; returns the bytes after the end of the deflate data (the trailer and on). */
  async #inflate(bytes: Buffer): Promise<Buffer> {
    const inflater = this.#inflater!;
    await new Promise<void>((resolve, reject) => {
      inflater.once('error', reject);
      inflater.write(bytes, () => {
        inflater.off('error', reject);
        resolve();
      });
    });
    this.#written += bytes.length;
    const unused = this.#written - inflater.bytesWritten;
    if (unused === 0) return Buffer.alloc(0);
    await this.#closeInflater();
    this.#state = 'trailer';
    return bytes.subarray(bytes.length - unused);
  }

  /** Ends the member's inflater and waits for its last output (it may have ended by itself). */
  async #closeInflater(): Promise<void> {
    const inflater = this.#inflater!;
    this.#inflater = undefined;
    inflater.end();
    await this.#ended;
  }

  /** Checks a complete trailer (Z_DATA_ERROR on a mismatch) and goes on with the next member. */
  #trailer(): Buffer {
    if (this.#pending.length < TRAILER_LENGTH) return Buffer.alloc(0);
    verifyGzipTrailer(this.#pending, 0, this.#crc >>> 0, this.#size >>> 0);
    this.lastCrc = this.#crc >>> 0;
    this.lastSize = this.#size >>> 0;
    this.members += 1;
    const rest = this.#pending.subarray(TRAILER_LENGTH);
    this.#pending = Buffer.alloc(0);
    this.#state = 'header';
    return rest;
  }

  async #finish(): Promise<void> {
    if (this.#state === 'body') {
      // A complete deflate stream that ended exactly here still lacks its trailer.
      await this.#closeInflater();
      throw truncated();
    }
    if (this.#state === 'trailer') throw truncated();
    if (this.#state === 'header' && this.members === 0) {
      if (this.#pending.length > 0 && this.#pending[0] !== 0x1f) throw notGzip();
      throw truncated();
    }
    // A lone 0x1f may start a member that never came: gzip calls that a truncated file.
    if (this.#pending.length === 1 && this.#pending[0] === 0x1f) throw truncated();
    if (this.#pending.some((byte) => byte !== 0)) this.trailing = 'garbage';
  }
}
