// SPDX-License-Identifier: Apache-2.0
// The 'auto' decision for one piece of work: hardware when a device offers the format, the
// options are ones the hardware honours and the input is large enough to pay off; else software
// with the reason.
import {
  DEFAULT_HARDWARE_THRESHOLD,
  type Engine,
  type Format,
  sizeOption,
  type ZlibOptions,
} from '../options';
import type { FallbackReason } from './fallback-reason';
import { isBusy } from './load';
import type { ZipDirection, ZipEngine } from './zip-types';

export type Route =
  | { engine: ZipEngine; reason?: undefined }
  | { engine?: undefined; reason: FallbackReason | undefined };

/** True when the options ask for something only zlib does (dictionary, strategy, small window, info). */
export function needsSoftware(options: ZlibOptions | undefined): boolean {
  if (!options) return false;
  if (options.dictionary !== undefined || options.info === true) return true;
  if (options.strategy !== undefined && options.strategy !== 0) return true;
  return options.windowBits !== undefined && options.windowBits !== 0 && options.windowBits !== 15;
}

/** The input size below which 'auto' stays on software. */
export function thresholdOf(requested: Engine, options: ZlibOptions | undefined): number {
  const threshold = sizeOption('hardwareThreshold', options?.hardwareThreshold, DEFAULT_HARDWARE_THRESHOLD);
  return requested === 'hardware' ? 0 : threshold;
}

/** Decides with the engine in hand (or none); `size` undefined means "not known yet" (streams). */
export function route(
  requested: Engine,
  engine: ZipEngine | undefined,
  format: Format,
  direction: ZipDirection,
  options: ZlibOptions | undefined,
  size: number | undefined,
  noDeviceReason: FallbackReason = 'no-device',
): Route {
  if (requested === 'software') return { reason: undefined };
  if (engine === undefined) return { reason: noDeviceReason };
  if (needsSoftware(options) || !engine.supports(format, direction)) return { reason: 'unsupported' };
  if (size !== undefined && size < thresholdOf(requested, options)) return { reason: 'small-input' };
  if (requested === 'auto' && isBusy()) return { reason: 'busy' };
  return { engine };
}
