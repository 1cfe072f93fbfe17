// SPDX-License-Identifier: Apache-2.0
// Stateful streams. On the device the history and partial state live in the context area the
// descriptor names (DW22/23). The emulator keeps the history window and the tail-cached bits
// there (context-area.ts: read at the start of each request, written back at its end); what it
// keeps in its own memory — the decoder's internal state, the collected trailer bytes, and the
// lengths of what it stored in the area — is keyed by the client process and the token stamped
// into that area (context-stamp.ts), so a stream can move between queues, and its context between
// addresses, as it could on hardware.
import type { Inflater } from './inflater';

export interface CompressStream {
  kind: 'compress';
  /** Window bits from DW9 15:12 at stream_new (bounds back-references and the history). */
  windowBits: number;
  /** Bytes of history this stream keeps at hw ctx + 0xC00 (ctx_dw2 15:0). */
  historyLength: number;
  /** Set after a request that could not complete; only stream_new revives the context. */
  broken: boolean;
}

export interface DecompressStream {
  kind: 'decompress';
  inflater: Inflater;
  /** Trailer bytes collected after the deflate stream ended. */
  trailer: Buffer;
  finished: boolean;
  broken: boolean;
}

export type StreamState = CompressStream | DecompressStream;

// A client that leaks contexts must not grow the emulator without bound; the oldest go first.
const MAX_STREAMS_PER_CLIENT = 4096;

/** Stream states of every client, by pid and context-stamp token. */
export class StreamContexts {
  private readonly byClient = new Map<number, Map<bigint, StreamState>>();

  get(pid: number, token: bigint): StreamState | undefined {
    return token === 0n ? undefined : this.byClient.get(pid)?.get(token);
  }

  set(pid: number, token: bigint, state: StreamState): void {
    let streams = this.byClient.get(pid);
    if (!streams) {
      streams = new Map();
      this.byClient.set(pid, streams);
    }
    streams.delete(token);
    streams.set(token, state);
    if (streams.size > MAX_STREAMS_PER_CLIENT) {
      const oldest = streams.keys().next().value;
      if (oldest !== undefined) streams.delete(oldest);
    }
  }

  /** Drops every stream of a client that has gone away. */
  dropClient(pid: number): void {
    this.byClient.delete(pid);
  }
}
