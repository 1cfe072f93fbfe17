// SPDX-License-Identifier: Apache-2.0
// Where engine decisions become visible: diagnostics_channel events, NODE_DEBUG=uacce lines and the
// process-wide metrics. Channels and the debug logger are created on first use, never on import.
import diagnosticsChannel from 'node:diagnostics_channel';
import { debuglog } from 'node:util';
import { unavailableError } from '../hardware/engine-state';
import { countFallback, countRouted } from '../metrics';
import type { Format, ServedEngine } from '../options';

/** Channel names (diagnostics_channel) this package publishes on. */
export const CHANNELS = {
  engineSelected: 'uacce:engine-selected',
  fallback: 'uacce:fallback',
} as const;

/** Message of 'uacce:engine-selected'. */
export interface EngineSelectedMessage {
  operation: 'stream' | 'call' | 'sync';
  format: Format;
  direction: 'compress' | 'decompress';
  engine: ServedEngine;
  /** Why software was chosen under 'auto' ('small-input', 'busy', 'no-device', 'unsupported'...). */
  reason: string | undefined;
  device: string | undefined;
  /** When there is no hardware: the error behind it (the addon's load error, the failed open). */
  error?: unknown;
}

const UNAVAILABLE = new Set(['no-device', 'no-addon', 'permission', 'open-failed', 'device-lost']);

/** Message of 'uacce:fallback'. */
export interface FallbackMessage {
  operation: 'stream' | 'call' | 'sync';
  format: Format;
  direction: 'compress' | 'decompress';
  reason: string;
  error: unknown;
  /** Input bytes the hardware had completed before the fallback. */
  bytesCompleted: number;
}

let selected: diagnosticsChannel.Channel | undefined;
let fallback: diagnosticsChannel.Channel | undefined;
let debug: ((message: string, ...args: unknown[]) => void) | undefined;

function log(message: string, ...args: unknown[]): void {
  debug ??= debuglog('uacce');
  debug(message, ...args);
}

/** Publishes an engine decision (and counts it when 'auto' routed to software). */
export function reportSelection(message: EngineSelectedMessage): void {
  if (message.engine === 'software' && message.reason !== undefined) countRouted(message.reason);
  if (message.reason !== undefined && UNAVAILABLE.has(message.reason)) {
    const error = unavailableError();
    if (error !== undefined) message = { ...message, error };
  }
  selected ??= diagnosticsChannel.channel(CHANNELS.engineSelected);
  if (selected.hasSubscribers) selected.publish(message);
  log(
    '%s %s %s on %s (%s)%s',
    message.operation,
    message.direction,
    message.format,
    message.engine,
    message.reason ?? message.device ?? '',
    message.error instanceof Error ? `: ${message.error.message}` : '',
  );
}

/** Publishes and counts a fallback from hardware to software. */
export function reportFallback(message: FallbackMessage): void {
  countFallback(message.reason);
  fallback ??= diagnosticsChannel.channel(CHANNELS.fallback);
  if (fallback.hasSubscribers) fallback.publish(message);
  log(
    'fallback %s %s %s: %s after %d bytes',
    message.operation,
    message.direction,
    message.format,
    message.reason,
    message.bytesCompleted,
  );
}
