// SPDX-License-Identifier: Apache-2.0
// flush() must take effect after every chunk written before it, so, like node:zlib, it travels
// through the writable side as a zero-length chunk whose identity names the flush kind.

/** A zlib flush value (Z_NO_FLUSH .. Z_BLOCK). */
export type FlushKind = number;

const markers = new Map<FlushKind, Buffer>();
const kinds = new WeakMap<object, FlushKind>();

export const FlushMarkers = {
  /** The zero-length chunk that means "flush with `kind`" (one per kind, made on first use). */
  marker(kind: FlushKind): Buffer {
    let marker = markers.get(kind);
    if (!marker) {
      marker = Buffer.alloc(0);
      markers.set(kind, marker);
      kinds.set(marker, kind);
    }
    return marker;
  },
  /** The flush kind when `chunk` is a marker, else undefined. */
  kindOf(chunk: Uint8Array): FlushKind | undefined {
    return chunk.byteLength === 0 ? kinds.get(chunk) : undefined;
  },
};
