// SPDX-License-Identifier: Apache-2.0
// Stateful streams. On the device the history and partial state live in the context area the
// descriptor names (DW22/23); the emulator keeps them in its own memory, keyed by the client
// process and that address, so a stream can move between queues as it could on hardware.
import type { Deflater } from './deflater';
import type { Inflater } from './inflater';

export interface CompressStream {
  kind: 'compress';
  deflater: Deflater;
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

/** Stream states of every client, by pid and context address. */
export class StreamContexts {
  private readonly byClient = new Map<number, Map<bigint, StreamState>>();

  get(pid: number, address: bigint): StreamState | undefined {
    return this.byClient.get(pid)?.get(address);
  }

  set(pid: number, address: bigint, state: StreamState): void {
    let streams = this.byClient.get(pid);
    if (!streams) {
      streams = new Map();
      this.byClient.set(pid, streams);
    }
    streams.delete(address);
    streams.set(address, state);
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
