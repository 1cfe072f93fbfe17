// SPDX-License-Identifier: Apache-2.0
// uacce-doctor: "why is it not using the accelerator?" Checks, in order, the platform, the native
// addon, /sys/class/uacce and each device's attributes, the permissions of /dev/<device>, the
// emulator variables, then opens queues and runs one tiny request per format and direction, and
// says which engine @uacce/stream would choose for a 64 KiB gzip and why. Every package is
// imported lazily, so each step reports its own failure instead of the command failing to start.
import { accessSync, constants, existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import zlib from 'node:zlib';

export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

export interface Check {
  name: string;
  status: CheckStatus;
  detail: string;
  /** What to do about a failure. */
  fix?: string;
}

export interface DoctorReport {
  /** True when the hardware path works: a queue opened, every request ran, `auto` chooses hardware. */
  ok: boolean;
  checks: Check[];
}

export interface DoctorOptions {
  env?: NodeJS.ProcessEnv;
  /** Called with each check as it completes (the CLI prints it). */
  onCheck?: (check: Check) => void;
}

const UACCE_DEV_SVA = 0x1;
const kEnvNames = ['UACCE_TRANSPORT', 'UACCE_EMULATOR_SOCKET', 'UACCE_SYSFS_ROOT', 'UACCE_DEV_ROOT'];
const UDEV_FIX =
  'allow the service user: a udev rule /etc/udev/rules.d/90-uacce.rules with\n' +
  '    SUBSYSTEM=="uacce", GROUP="uacce", MODE="0660"\n' +
  '  then `groupadd -r uacce; usermod -aG uacce <user>; udevadm control --reload; udevadm trigger`';

/** What the doctor uses of @uacce/native (reached through zip, not a dependency of this package). */
interface NativeLoader {
  loadNative(): unknown;
  loadedNativePath(): string | undefined;
  prebuildTarget(): string;
}

interface DeviceAttributes {
  name: string;
  api?: string;
  algorithms?: string;
  flags?: number;
  isolated?: boolean;
  available?: number;
  numaNode?: string;
}

function read(dir: string, name: string): string | undefined {
  try {
    return readFileSync(path.join(dir, name), 'utf8').trim();
  } catch {
    return undefined;
  }
}

function readDevice(root: string, name: string): DeviceAttributes {
  const dir = path.join(root, name);
  const flags = read(dir, 'flags');
  const isolate = read(dir, 'isolate');
  const available = read(dir, 'available_instances');
  return {
    name,
    api: read(dir, 'api'),
    algorithms: read(dir, 'algorithms')?.split(/\s+/).join(' '),
    flags: flags === undefined ? undefined : Number.parseInt(flags, 10),
    isolated: isolate === undefined ? false : isolate !== '0',
    available: available === undefined ? undefined : Number.parseInt(available, 10),
    numaNode: read(dir, 'device/numa_node'),
  };
}

/** Why a device cannot serve, or undefined when it can. */
function deviceProblem(device: DeviceAttributes): { problem: string; fix: string } | undefined {
  if (device.flags === undefined || (device.flags & UACCE_DEV_SVA) === 0) {
    return {
      problem: `no shared virtual addressing (flags ${device.flags ?? 'missing'}, SVA bit clear)`,
      fix: 'enable the IOMMU with SVA: arm-smmu-v3 in the firmware and kernel (iommu.passthrough=0), then reload hisi_zip',
    };
  }
  if (device.isolated) {
    return {
      problem: 'isolated by the driver after too many hardware errors',
      fix: `check dmesg for hisi_zip errors; clear with \`echo 0 > .../${device.name}/isolate_strategy\` or reset the device`,
    };
  }
  if (device.available === 0) {
    return {
      problem: 'no free queue (available_instances 0)',
      fix: 'other processes hold every queue: stop idle holders, or raise hisi_zip uacce_mode/pf_q_num',
    };
  }
  return undefined;
}

function describe(device: DeviceAttributes): string {
  return (
    `api ${device.api ?? '?'}, algorithms ${device.algorithms ?? '?'}, flags ${device.flags ?? '?'}` +
    `${device.flags !== undefined && device.flags & UACCE_DEV_SVA ? ' (SVA)' : ''}, isolate ${device.isolated ? 1 : 0}, ` +
    `available_instances ${device.available ?? '?'}, NUMA node ${device.numaNode ?? 'unknown'}`
  );
}

// The packages are reached through @uacce/zip (a dependency of this package), whose own
// dependencies are native and qm: that resolves in pnpm's strict layout and in npm's flat one.
function zipRequire(): NodeJS.Require {
  const self = createRequire(import.meta.url);
  return createRequire(self.resolve('@uacce/zip'));
}

async function importFromZip<T>(name: string): Promise<T> {
  return (await import(pathToFileURL(zipRequire().resolve(name)).href)) as T;
}

/** Runs every check; never throws. */
export async function runDoctor(options: DoctorOptions = {}): Promise<DoctorReport> {
  const env = options.env ?? process.env;
  const checks: Check[] = [];
  const add = (check: Check) => {
    checks.push(check);
    options.onCheck?.(check);
    return check;
  };
  const emulated = env.UACCE_TRANSPORT === 'emulator';

  // 1. Platform.
  const linux = process.platform === 'linux';
  add({
    name: 'platform',
    status: linux ? (process.arch === 'arm64' || emulated ? 'ok' : 'warn') : 'fail',
    detail: `${process.platform}-${process.arch}, Node.js ${process.version}${linux && process.arch !== 'arm64' ? ' (the HiSilicon ZIP engine is on arm64 Kunpeng servers; here only the emulator can serve)' : ''}`,
    ...(linux ? {} : { fix: 'uacce exists only on Linux: the software path serves here' }),
  });

  // 2. The addon.
  let addonOk = false;
  try {
    const native = await importFromZip<NativeLoader>('@uacce/native');
    native.loadNative();
    const file = native.loadedNativePath() ?? '?';
    const kind = file.includes(`${path.sep}prebuilds${path.sep}`) ? 'prebuild' : 'local build';
    add({ name: 'addon', status: 'ok', detail: `${kind} ${file} (target ${native.prebuildTarget()})` });
    addonOk = true;
  } catch (error) {
    const tried = (error as { tried?: { path: string; reason: string }[] }).tried;
    add({
      name: 'addon',
      status: 'fail',
      detail: tried
        ? tried.map((attempt) => `${attempt.path}: ${attempt.reason}`).join('\n    ')
        : String((error as Error).message ?? error),
      fix: 'reinstall @uacce/native (with pnpm 10: `pnpm approve-builds`), or build it: g++, make, python3 and node-gyp',
    });
  }

  // 3. sysfs.
  const sysfsRoot = env.UACCE_SYSFS_ROOT || '/sys/class/uacce';
  const usable: DeviceAttributes[] = [];
  let names: string[] = [];
  if (!existsSync(sysfsRoot)) {
    add({
      name: 'sysfs',
      status: 'fail',
      detail: `${sysfsRoot} does not exist: no uacce device`,
      fix: 'load the drivers: `modprobe hisi_zip` (pulls in hisi_qm and uacce); in a container pass /sys/class/uacce and /sys/devices',
    });
  } else {
    names = readdirSync(sysfsRoot).filter((name) => !name.startsWith('.'));
    if (names.length === 0) {
      add({
        name: 'sysfs',
        status: 'fail',
        detail: `${sysfsRoot} lists no device`,
        fix: '`modprobe hisi_zip`; check dmesg',
      });
    }
    for (const name of names) {
      const device = readDevice(sysfsRoot, name);
      const problem = deviceProblem(device);
      add({
        name: `device ${name}`,
        status: problem ? 'fail' : 'ok',
        detail: problem ? `${describe(device)}: ${problem.problem}` : describe(device),
        ...(problem ? { fix: problem.fix } : {}),
      });
      if (!problem) usable.push(device);
    }
  }

  // 4. Permissions of /dev/<device> (the emulator serves its devices over a socket instead).
  const devRoot = env.UACCE_DEV_ROOT || '/dev';
  let permitted = 0;
  if (emulated) {
    add({
      name: 'permissions',
      status: 'skip',
      detail: 'the emulator serves the devices (UACCE_TRANSPORT=emulator)',
    });
    permitted = usable.length;
  } else {
    for (const device of usable) {
      const file = path.join(devRoot, device.name);
      try {
        accessSync(file, constants.R_OK | constants.W_OK);
        add({ name: `permissions ${file}`, status: 'ok', detail: 'read and write allowed for this user' });
        permitted++;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        add({
          name: `permissions ${file}`,
          status: 'fail',
          detail: `${code === 'ENOENT' ? 'missing' : 'not readable and writable'} for uid ${process.getuid?.()} (${code})`,
          fix: code === 'ENOENT' ? 'in a container pass the device: --device /dev/' + device.name : UDEV_FIX,
        });
      }
    }
  }

  // 5. The emulator's variables.
  const set = kEnvNames.filter((name) => env[name]);
  add({
    name: 'environment',
    status: 'ok',
    detail:
      set.length > 0
        ? set.map((name) => `${name}=${env[name]}`).join(' ')
        : 'no UACCE_* variable set (the kernel devices are used)',
  });

  // 6. A queue and one tiny request per format and direction.
  let requestsOk = false;
  if (addonOk && permitted > 0) {
    try {
      const zip = await import('@uacce/zip');
      const engine = await zip.openZipEngine({ env: env as Record<string, string>, maxQueues: 1 });
      try {
        const sample = Buffer.from('uacce-doctor '.repeat(64));
        const reference = {
          gzip: zlib.gzipSync,
          zlib: zlib.deflateSync,
          'deflate-raw': zlib.deflateRawSync,
        } as const;
        const inflate = {
          gzip: zlib.gunzipSync,
          zlib: zlib.inflateSync,
          'deflate-raw': zlib.inflateRawSync,
        } as const;
        const results: string[] = [];
        let failures = 0;
        for (const format of ['gzip', 'zlib', 'deflate-raw'] as const) {
          for (const direction of ['compress', 'decompress'] as const) {
            if (!engine.supports(format, direction)) {
              results.push(`${format} ${direction}: not served by ${engine.device}`);
              continue;
            }
            try {
              const ok =
                direction === 'compress'
                  ? inflate[format](await engine.compress(format, sample)).equals(sample)
                  : (await engine.decompress(format, reference[format](sample))).equals(sample);
              if (!ok) failures++;
              results.push(`${format} ${direction}: ${ok ? 'ok' : 'WRONG BYTES'}`);
            } catch (error) {
              failures++;
              results.push(
                `${format} ${direction}: ${(error as { code?: string }).code ?? ''} ${(error as Error).message}`,
              );
            }
          }
        }
        requestsOk = failures === 0;
        add({
          name: 'requests',
          status: requestsOk ? 'ok' : 'fail',
          detail: `on ${engine.device}${engine.emulated ? ' (emulated)' : ''}:\n    ${results.join('\n    ')}`,
        });
      } finally {
        await engine.close();
      }
    } catch (error) {
      add({
        name: 'requests',
        status: 'fail',
        detail: `no queue opened: ${(error as { code?: string }).code ?? ''} ${(error as Error).message}`,
      });
    }
  } else {
    add({ name: 'requests', status: 'skip', detail: 'no usable device or no addon: nothing to open' });
  }

  // 7. What @uacce/stream chooses for a 64 KiB gzip, and why.
  let chosen = 'software';
  try {
    const stream = await import('@uacce/stream');
    await stream.configureHardware({ env: env as Record<string, string> });
    try {
      const gzip = stream.createGzip();
      const data = Buffer.alloc(64 * 1024, 'uacce-doctor ');
      const done = new Promise<void>((resolve, reject) => {
        gzip.on('error', reject);
        gzip.on('end', () => resolve());
      });
      gzip.resume();
      gzip.end(data);
      await done;
      chosen = gzip.engine ?? 'software';
      const reason = gzip.fallbackReason ? `: ${gzip.fallbackReason}` : '';
      add({
        name: 'engine for a 64 KiB gzip',
        status: chosen === 'hardware' ? 'ok' : 'warn',
        detail: `${chosen}${reason}`,
      });
    } finally {
      await stream.closeHardware();
    }
  } catch (error) {
    add({ name: 'engine for a 64 KiB gzip', status: 'fail', detail: (error as Error).message });
  }

  return { ok: requestsOk && chosen === 'hardware', checks };
}

const kMarks: Record<CheckStatus, string> = { ok: 'ok  ', warn: 'warn', fail: 'FAIL', skip: 'skip' };

/** One check as the CLI prints it. */
export function formatCheck(check: Check): string {
  const fix = check.fix ? `\n    fix: ${check.fix}` : '';
  return `[${kMarks[check.status]}] ${check.name}: ${check.detail}${fix}\n`;
}
