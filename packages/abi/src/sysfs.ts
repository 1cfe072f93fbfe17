// SPDX-License-Identifier: Apache-2.0
// sysfs attributes of /sys/class/uacce/<name>/ (spec §1.2–§1.4): names, strict parsers and the
// formatters an emulator uses to write the same text. Every value is text ending in one '\n';
// the parsers accept the text with or without that final newline and nothing else: a malformed
// value is a SysfsAttributeError naming the attribute and the text, never a silent default.
import { SysfsAttributeError } from './errors';
import { checkInteger } from './internal/validate';
import { HISI_QM_API_PREFIX } from './qm-version';
import { UACCE_API_VER_NOIOMMU_SUBFIX, UACCE_MAX_ERR_THRESHOLD } from './uacce';

/** The attribute file names, relative to the device's sysfs directory. */
export const SYSFS_ATTRIBUTES = Object.freeze({
  API: 'api',
  FLAGS: 'flags',
  AVAILABLE_INSTANCES: 'available_instances',
  ALGORITHMS: 'algorithms',
  REGION_MMIO_SIZE: 'region_mmio_size',
  REGION_DUS_SIZE: 'region_dus_size',
  ISOLATE: 'isolate',
  ISOLATE_STRATEGY: 'isolate_strategy',
  NUMA_NODE: 'device/numa_node',
} as const);

export type SysfsAttributeName = (typeof SYSFS_ATTRIBUTES)[keyof typeof SYSFS_ATTRIBUTES];

/** Every attribute name, in the order UADK reads them after `algorithms` (spec §1.7). */
export const SYSFS_ATTRIBUTE_NAMES: readonly SysfsAttributeName[] = Object.freeze([
  'isolate',
  'flags',
  'region_mmio_size',
  'region_dus_size',
  'device/numa_node',
  'api',
  'algorithms',
  'available_instances',
  'isolate_strategy',
]);

/** The parsed `api` attribute. */
export interface ApiInfo {
  /** The api string without its newline, e.g. 'hisi_qm_v2'. */
  api: string;
  /** The number after 'hisi_qm_v' (UADK `get_version_id`). */
  version: number;
  /** UADK hw type: equals the version (1, 2, 3, 5); 1 selects the v1 doorbell, any other v2. */
  hwType: number;
  /** True when the api carries the '_noiommu' suffix of vendor kernels. */
  noIommu: boolean;
}

/** The text of one value: strips exactly one trailing '\n'; rejects anything non-string. */
function body(attribute: string, text: unknown): string {
  if (typeof text !== 'string') {
    throw new SysfsAttributeError(attribute, String(text), 'text');
  }
  return text.endsWith('\n') ? text.slice(0, -1) : text;
}

const API_PATTERN = new RegExp(`^${HISI_QM_API_PREFIX}([0-9]+)(${UACCE_API_VER_NOIOMMU_SUBFIX})?$`);

/** Parses `api` ('hisi_qm_v<n>' with an optional '_noiommu'). Throws ERR_UACCE_SYSFS_ATTRIBUTE. */
export function parseApi(text: string): ApiInfo {
  const api = body('api', text);
  const match = API_PATTERN.exec(api);
  const version = match ? Number(match[1]) : 0;
  // UADK treats 0 and overflow (strtoul) as errors; any u32 is a plausible version.
  if (!match || version === 0 || version > 0xffff_ffff) {
    throw new SysfsAttributeError('api', text, "a HiSilicon QM api ('hisi_qm_v<n>[_noiommu]', n > 0)");
  }
  return { api, version, hwType: version, noIommu: match[2] !== undefined };
}

function parseDecimal(attribute: string, text: string, signed: boolean, min: number, max: number): number {
  const value = body(attribute, text);
  const pattern = signed ? /^-?[0-9]+$/ : /^[0-9]+$/;
  const number = pattern.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(number) || number < min || number > max) {
    const kind = signed ? 'a signed decimal integer' : 'an unsigned decimal integer';
    throw new SysfsAttributeError(attribute, text, `${kind} in [${min}, ${max}]`);
  }
  return number;
}

/** Parses `flags` (unsigned decimal; bit 0 = UACCE_DEV_SVA). Throws ERR_UACCE_SYSFS_ATTRIBUTE. */
export function parseFlags(text: string): number {
  return parseDecimal('flags', text, false, 0, Number.MAX_SAFE_INTEGER);
}

/** Parses `available_instances` (signed decimal, free queues). Throws ERR_UACCE_SYSFS_ATTRIBUTE. */
export function parseAvailableInstances(text: string): number {
  return parseDecimal('available_instances', text, true, -0x8000_0000, 0x7fff_ffff);
}

/**
 * Parses `region_mmio_size` or `region_dus_size` (unsigned decimal bytes, never 0: the kernel
 * hides the attribute instead). Throws ERR_UACCE_SYSFS_ATTRIBUTE naming `attribute`.
 */
export function parseRegionSize(
  text: string,
  attribute: 'region_mmio_size' | 'region_dus_size' = 'region_dus_size',
): number {
  return parseDecimal(attribute, text, false, 1, Number.MAX_SAFE_INTEGER);
}

/** Parses `isolate` ('0' or '1'). Throws ERR_UACCE_SYSFS_ATTRIBUTE. */
export function parseIsolate(text: string): boolean {
  const value = body('isolate', text);
  if (value !== '0' && value !== '1') throw new SysfsAttributeError('isolate', text, "'0' or '1'");
  return value === '1';
}

/** Parses `isolate_strategy` (errors per hour before isolation, 0..65535). Throws ERR_UACCE_SYSFS_ATTRIBUTE. */
export function parseIsolateStrategy(text: string): number {
  return parseDecimal('isolate_strategy', text, false, 0, UACCE_MAX_ERR_THRESHOLD);
}

/** Parses `device/numa_node` (signed decimal, -1 = unknown). Throws ERR_UACCE_SYSFS_ATTRIBUTE. */
export function parseNumaNode(text: string): number {
  return parseDecimal('device/numa_node', text, true, -1, 0x7fff_ffff);
}

// Algorithm names are single words of printable ASCII (zlib, lz77_zstd, hashagg, ...).
const ALGORITHM_NAME = /^[\x21-\x7e]+$/;

/**
 * Parses `algorithms`: names separated by '\n', the last one followed by the file's newline. An
 * empty file ('\n') is an empty list. Empty lines or blanks inside a name are malformed.
 * Throws ERR_UACCE_SYSFS_ATTRIBUTE.
 */
export function parseAlgorithms(text: string): string[] {
  const value = body('algorithms', text);
  if (value === '') return [];
  const names = value.split('\n');
  if (!names.every((name) => ALGORITHM_NAME.test(name))) {
    throw new SysfsAttributeError('algorithms', text, "names of printable characters separated by '\\n'");
  }
  return names;
}

/**
 * True when `name` is one whole line of the `algorithms` text (or an element of a parsed list):
 * UADK's `dev_has_alg` rule, so 'zlib' never matches 'zlib_x'. Does not throw.
 */
export function hasAlgorithm(algorithms: string | readonly string[], name: string): boolean {
  if (name === '' || name.includes('\n')) return false;
  const lines = typeof algorithms === 'string' ? algorithms.split('\n') : algorithms;
  return lines.includes(name);
}

/** The `algorithms` file text for a list of names. Throws ERR_UACCE_SYSFS_ATTRIBUTE on a bad name. */
export function formatAlgorithms(names: readonly string[]): string {
  for (const name of names) {
    if (!ALGORITHM_NAME.test(name)) {
      throw new SysfsAttributeError('algorithms', name, 'an algorithm name of printable characters');
    }
  }
  return `${names.join('\n')}\n`;
}

/** The `api` file text for a version (1 → 'hisi_qm_v1\n'). Throws ERR_INVALID_ARG_TYPE, ERR_OUT_OF_RANGE. */
export function formatApi(version: number, options: { noIommu?: boolean } = {}): string {
  checkInteger('version', version, 1, 0xffff_ffff);
  return `${HISI_QM_API_PREFIX}${version}${options.noIommu ? UACCE_API_VER_NOIOMMU_SUBFIX : ''}\n`;
}

/** The text of an integer attribute (flags, sizes, available_instances, numa_node, ...). Throws ERR_OUT_OF_RANGE. */
export function formatInteger(value: number): string {
  checkInteger('value', value, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  return `${value}\n`;
}

/** The `isolate` file text. */
export function formatIsolate(isolated: boolean): string {
  return isolated ? '1\n' : '0\n';
}

/** Splits a device name into driver and id: 'hisi_zip-2' → { driver: 'hisi_zip', id: 2 } (spec §1.1). */
export function parseDeviceName(name: string): { driver: string; id: number } | undefined {
  const match = /^(.+)-([0-9]+)$/.exec(name);
  if (!match) return undefined;
  return { driver: match[1]!, id: Number(match[2]) };
}
