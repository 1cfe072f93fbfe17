// SPDX-License-Identifier: Apache-2.0
// How a run is reported: which engine served it and how fast (shared by -v and the demo).

/** The engine as a person reads it: hardware, emulated hardware or software. */
export type EngineLabel = 'hardware' | 'emulated hardware' | 'software';

/** Labels what @uacce/stream reported (`stream.engineInfo`): hardware, emulated hardware or software. */
export function labelEngine(
  info: { engine?: string | undefined; emulated?: boolean } | undefined,
): EngineLabel {
  if (info?.engine !== 'hardware') return 'software';
  return info.emulated ? 'emulated hardware' : 'hardware';
}

/** Megabytes (10^6 bytes) per second, one decimal. */
export function formatRate(bytes: number, nanoseconds: bigint): string {
  const seconds = Number(nanoseconds) / 1e9;
  const rate = seconds > 0 ? bytes / 1e6 / seconds : 0;
  return `${rate.toFixed(1)} MB/s`;
}

/** Binary size with a unit, for people. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
