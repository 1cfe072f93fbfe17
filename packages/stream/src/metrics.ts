// SPDX-License-Identifier: Apache-2.0
// Process-wide counters of what each engine served and why work moved between engines.
// Platform-neutral; the counters live in the process context (one set for every copy of this
// package in the process), created on first use.
import { processSlot } from './internal/process-context';
import type { ServedEngine } from './options';

/** Counters of one engine. */
export interface EngineCounters {
  /** Bytes consumed (uncompressed for compression, compressed for decompression). */
  bytesIn: number;
  /** Bytes produced. */
  bytesOut: number;
  /** Streams that finished on this engine. */
  streams: number;
  /** One-shot calls served by this engine. */
  calls: number;
  /** Hardware requests submitted (software: always 0). */
  requests: number;
}

/** A snapshot of the process-wide counters. */
export interface Metrics {
  hardware: EngineCounters;
  software: EngineCounters;
  /** Why `'auto'` chose software before any hardware request (e.g. 'small-input', 'busy', 'no-device'). */
  routed: Record<string, number>;
  /** Why a stream or call that started on hardware continued in software (e.g. 'timeout', 'device-lost'). */
  fallbacks: Record<string, number>;
}

function counters(): EngineCounters {
  return { bytesIn: 0, bytesOut: 0, streams: 0, calls: 0, requests: 0 };
}

function fresh(): Metrics {
  return { hardware: counters(), software: counters(), routed: {}, fallbacks: {} };
}

function holder(): { metrics: Metrics } {
  return processSlot('metrics', () => ({ metrics: fresh() }));
}

function current(): Metrics {
  return holder().metrics;
}

/** A copy of the process-wide counters. */
export function metrics(): Metrics {
  const m = current();
  return {
    hardware: { ...m.hardware },
    software: { ...m.software },
    routed: { ...m.routed },
    fallbacks: { ...m.fallbacks },
  };
}

/** Sets every counter back to zero (for tests and periodic exporters). */
export function resetMetrics(): void {
  holder().metrics = fresh();
}

/** Adds a finished stream's byte counts. */
export function countStream(engine: ServedEngine, bytesIn: number, bytesOut: number): void {
  const c = current()[engine];
  c.streams++;
  c.bytesIn += bytesIn;
  c.bytesOut += bytesOut;
}

/** Adds a finished one-shot call's byte counts. */
export function countCall(engine: ServedEngine, bytesIn: number, bytesOut: number): void {
  const c = current()[engine];
  c.calls++;
  c.bytesIn += bytesIn;
  c.bytesOut += bytesOut;
}

/** Adds bytes served by an engine without finishing a stream (the hardware part of a fallen-back stream). */
export function countBytes(engine: ServedEngine, bytesIn: number, bytesOut: number): void {
  const c = current()[engine];
  c.bytesIn += bytesIn;
  c.bytesOut += bytesOut;
}

/** Counts one hardware request. */
export function countRequest(): void {
  current().hardware.requests++;
}

/** Counts a routing decision of `'auto'` towards software. */
export function countRouted(reason: string): void {
  const r = current().routed;
  r[reason] = (r[reason] ?? 0) + 1;
}

/** Counts a fallback from hardware to software. */
export function countFallback(reason: string): void {
  const f = current().fallbacks;
  f[reason] = (f[reason] ?? 0) + 1;
}
