// SPDX-License-Identifier: Apache-2.0

/**
 * Output buffers are sized for the worst case; a view that shows less than half of the memory it
 * pins is copied out so the rest can be freed (a 1 KiB result must not hold an 8 MiB buffer).
 */
export function compact(view: Uint8Array): Uint8Array {
  if (view.length * 2 >= view.buffer.byteLength) return view;
  // Not view.slice(): on a Buffer that is a view, not a copy.
  const copy = new Uint8Array(view.length);
  copy.set(view);
  return copy;
}
