// SPDX-License-Identifier: Apache-2.0
// Device discovery (spec §1.2, §1.7): every folder of the sysfs root is read strictly; devices
// that cannot serve the request are reported in `skipped` with the reason, never dropped
// silently; the rest are ordered by NUMA preference, then by free queues.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  hasAlgorithm,
  hasSva,
  parseAlgorithms,
  parseApi,
  parseAvailableInstances,
  parseFlags,
  parseIsolate,
  parseNumaNode,
  parseRegionSize,
  SysfsAttributeError,
} from '@uacce/abi';
import { type LocationOptions, resolveLocations } from './config';
import { toSystemError } from './internal/system-error';
import { currentNumaNode, numaDistances } from './numa';

/** One usable device with its parsed attributes (spec §1.2). */
export interface DeviceInfo {
  /** `<driver>-<id>`, the name under the sysfs root and the device root. */
  name: string;
  /** The `api` string, e.g. 'hisi_qm_v2'. */
  api: string;
  /** UADK hw type (2, 3, 5): selects doorbell style and SQE layout. */
  hwType: number;
  flags: number;
  algorithms: string[];
  availableInstances: number;
  regionMmioSize: number;
  regionDusSize: number;
  isolated: boolean;
  /** The parent device's NUMA node; -1 when unknown. */
  numaNode: number;
}

/** A device that discovery did not keep, and why. */
export interface SkippedDevice {
  name: string;
  reason: string;
}

export interface DiscoveryOptions extends LocationOptions {
  /** Keep only devices offering this algorithm (a whole line of `algorithms`). */
  algorithm?: string;
  /** Accepted hw types (the number of `hisi_qm_v<n>`); default 2, 3 and 5. */
  hwTypes?: readonly number[];
  /** The NUMA node to prefer; default the node of the CPU the process runs on. */
  numaNode?: number;
}

export interface DiscoveryResult {
  /** Usable devices, most preferred first. */
  devices: DeviceInfo[];
  skipped: SkippedDevice[];
  /** The sysfs root that was read. */
  sysfsRoot: string;
  /** The NUMA node preferred, undefined when unknown. */
  numaNode: number | undefined;
}

const DEFAULT_HW_TYPES: readonly number[] = [2, 3, 5];

/**
 * Lists the devices of the sysfs root. A missing root is an empty result (no hardware);
 * an unreadable one throws ERR_UACCE_SYSTEM. Malformed attributes skip the device with a reason.
 */
export async function discoverDevices(options: DiscoveryOptions = {}): Promise<DiscoveryResult> {
  const { sysfsRoot } = resolveLocations({ ...options, transport: options.transport ?? 'kernel' });
  const names = await listDeviceNames(sysfsRoot);
  const devices: DeviceInfo[] = [];
  const skipped: SkippedDevice[] = [];
  for (const name of names) {
    const outcome = await readDevice(join(sysfsRoot, name), name);
    const reason = 'reason' in outcome ? outcome.reason : unusableReason(outcome, options);
    if (reason === undefined) devices.push(outcome as DeviceInfo);
    else skipped.push({ name, reason });
  }
  const numaNode = options.numaNode ?? (await currentNumaNode());
  await sortByPreference(devices, numaNode);
  return { devices, skipped, sysfsRoot, numaNode };
}

async function listDeviceNames(sysfsRoot: string): Promise<string[]> {
  try {
    return (await readdir(sysfsRoot)).filter((name) => !name.startsWith('.')).sort(compareNames);
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return [];
    throw toSystemError(error, 'scandir', sysfsRoot);
  }
}

/** hisi_zip-2 before hisi_zip-10. */
function compareNames(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

async function readDevice(dir: string, name: string): Promise<DeviceInfo | SkippedDevice> {
  try {
    const text = (attribute: string) => readFile(join(dir, attribute), 'utf8');
    const optional = (attribute: string) => text(attribute).catch(absentAs(undefined));
    const isolateText = await optional('isolate');
    const numaText = await optional('device/numa_node');
    const api = parseApi(await text('api'));
    return {
      name,
      api: api.api,
      hwType: api.hwType,
      flags: parseFlags(await text('flags')),
      algorithms: parseAlgorithms(await text('algorithms')),
      availableInstances: parseAvailableInstances(await text('available_instances')),
      regionMmioSize: parseRegionSize(await text('region_mmio_size'), 'region_mmio_size'),
      regionDusSize: parseRegionSize(await text('region_dus_size'), 'region_dus_size'),
      // Absent `isolate` (kernels before 6.1) means not isolated; absent numa_node is unknown.
      isolated: isolateText === undefined ? false : parseIsolate(isolateText),
      numaNode: numaText === undefined ? -1 : parseNumaNode(numaText),
    };
  } catch (error) {
    return { name, reason: describeReadFailure(error) };
  }
}

function absentAs<T>(value: T): (error: unknown) => T {
  return (error) => {
    if ((error as { code?: string }).code === 'ENOENT') return value;
    throw error;
  };
}

function describeReadFailure(error: unknown): string {
  if (error instanceof SysfsAttributeError) return `malformed attribute ${error.attribute}: ${error.message}`;
  const { code, path } = error as { code?: string; path?: string };
  if (code === 'ENOENT') return `missing attribute ${path ?? ''}`.trim();
  return `unreadable attributes: ${code ?? String(error)}`;
}

function unusableReason(device: DeviceInfo, options: DiscoveryOptions): string | undefined {
  const hwTypes = options.hwTypes ?? DEFAULT_HW_TYPES;
  if (!hwTypes.includes(device.hwType)) return `unsupported api ${device.api}`;
  if (!hasSva(device.flags)) return 'no shared virtual addressing (flags bit 0 clear)';
  if (device.isolated) return 'isolated';
  if (options.algorithm !== undefined && !hasAlgorithm(device.algorithms, options.algorithm)) {
    return `does not offer ${options.algorithm}`;
  }
  return undefined;
}

/** Nearest NUMA node first (same node when distances are unknown), then most free queues. */
async function sortByPreference(devices: DeviceInfo[], node: number | undefined): Promise<void> {
  const distances = node === undefined ? undefined : await numaDistances(node);
  const distance = (device: DeviceInfo): number => {
    if (node === undefined || device.numaNode < 0) return 1;
    if (device.numaNode === node) return 0;
    return distances?.[device.numaNode] ?? 2;
  };
  devices.sort(
    (a, b) =>
      distance(a) - distance(b) ||
      b.availableInstances - a.availableInstances ||
      compareNames(a.name, b.name),
  );
}
