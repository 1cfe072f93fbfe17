// SPDX-License-Identifier: Apache-2.0
// uacce-doctor against the emulator (the hardware path works: exit 0), against a sysfs tree with
// each fault a server can have, and on a machine with nothing.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type RunningEmulator, startEmulator } from '@uacce/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Check, runDoctor } from '../src/doctor/doctor';

const cli = fileURLToPath(new URL('../dist/doctor.js', import.meta.url));
let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'uacce-doctor-'));
  chmodSync(scratch, 0o755);
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function find(checks: Check[], name: string): Check {
  const check = checks.find((entry) => entry.name.startsWith(name));
  if (!check) throw new Error(`no check named ${name}: ${checks.map((entry) => entry.name).join(', ')}`);
  return check;
}

/** A sysfs tree with one device (the kernel's attributes) and its /dev node, with `change` applied. */
function fakeServer(
  name: string,
  change: Record<string, string> = {},
): { sysfsRoot: string; devRoot: string } {
  const root = path.join(scratch, name);
  const device = path.join(root, 'sys', 'hisi_zip-0');
  mkdirSync(path.join(device, 'device'), { recursive: true });
  const attributes = {
    api: 'hisi_qm_v3',
    algorithms: 'zlib\ngzip\ndeflate',
    flags: '1',
    isolate: '0',
    available_instances: '64',
    'device/numa_node': '0',
    ...change,
  };
  for (const [file, value] of Object.entries(attributes))
    writeFileSync(path.join(device, file), `${value}\n`);
  mkdirSync(path.join(root, 'dev'), { recursive: true });
  writeFileSync(path.join(root, 'dev', 'hisi_zip-0'), '');
  chmodSync(path.join(root, 'dev', 'hisi_zip-0'), 0o600);
  for (const dir of [
    root,
    path.join(root, 'sys'),
    device,
    path.join(device, 'device'),
    path.join(root, 'dev'),
  ]) {
    chmodSync(dir, 0o755);
  }
  return { sysfsRoot: path.join(root, 'sys'), devRoot: path.join(root, 'dev') };
}

describe('uacce-doctor on the emulator', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ api: 'hisi_qm_v3', devices: 1 });
  });
  afterAll(async () => {
    await emulator?.stop();
  });

  it('finds the addon and the device, runs every format both ways, chooses hardware, exits 0', async () => {
    const report = await runDoctor({ env: { ...emulator.env } });
    expect(find(report.checks, 'addon').status).toBe('ok');
    expect(find(report.checks, 'device hisi_zip-0')).toMatchObject({ status: 'ok' });
    expect(find(report.checks, 'device hisi_zip-0').detail).toMatch(
      /api hisi_qm_v3, .*\(SVA\), isolate 0, available_instances \d+/,
    );
    const requests = find(report.checks, 'requests');
    expect(requests.status).toBe('ok');
    expect(requests.detail.match(/: ok/g)).toHaveLength(6);
    expect(find(report.checks, 'engine for a 64 KiB gzip')).toMatchObject({
      status: 'ok',
      detail: 'hardware',
    });
    expect(report.ok).toBe(true);
    const command = spawnSync(process.execPath, [cli], {
      env: { ...process.env, ...emulator.env },
      encoding: 'utf8',
    });
    expect(command.stdout).toContain('the hardware path works');
    expect(command.status).toBe(0);
  });
});

describe('uacce-doctor on a server with a fault', () => {
  const faults: [string, Record<string, string>, RegExp][] = [
    ['isolated', { isolate: '1' }, /isolated/],
    ['no SVA', { flags: '0' }, /no shared virtual addressing/],
    ['no free queue', { available_instances: '0' }, /no free queue/],
  ];
  for (const [name, change, problem] of faults) {
    it(`names the fault (${name}) with a fix and exits non-zero`, async () => {
      const { sysfsRoot, devRoot } = fakeServer(name.replace(/\s/g, '-'), change);
      const report = await runDoctor({ env: { UACCE_SYSFS_ROOT: sysfsRoot, UACCE_DEV_ROOT: devRoot } });
      const device = find(report.checks, 'device hisi_zip-0');
      expect(device.status).toBe('fail');
      expect(device.detail).toMatch(problem);
      expect(device.fix).toBeTruthy();
      expect(find(report.checks, 'requests').status).toBe('skip');
      expect(find(report.checks, 'engine for a 64 KiB gzip').detail).toMatch(/^software/);
      expect(report.ok).toBe(false);
    });
  }

  it('names a device node the user may not open, with the udev rule and group fix', () => {
    const { sysfsRoot, devRoot } = fakeServer('no-permission');
    // As root every access is allowed: the check runs as the unprivileged user nobody then.
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const command = spawnSync(process.execPath, [cli], {
      ...asNobody,
      env: { PATH: process.env.PATH, UACCE_SYSFS_ROOT: sysfsRoot, UACCE_DEV_ROOT: devRoot },
      encoding: 'utf8',
    });
    expect(command.stdout).toMatch(/\[FAIL\] permissions .*hisi_zip-0: not readable and writable/);
    expect(command.stdout).toContain('SUBSYSTEM=="uacce", GROUP="uacce", MODE="0660"');
    expect(command.status).toBe(1);
  });
});

describe('uacce-doctor on a machine with nothing', () => {
  it('says there is no device and how to load the drivers, and exits 1', () => {
    const command = spawnSync(process.execPath, [cli], {
      env: { PATH: process.env.PATH, UACCE_SYSFS_ROOT: path.join(scratch, 'nothing') },
      encoding: 'utf8',
    });
    expect(command.stdout).toMatch(/\[FAIL\] sysfs: .* does not exist: no uacce device/);
    expect(command.stdout).toContain('modprobe hisi_zip');
    expect(command.stdout).toMatch(/\[skip\] requests/);
    expect(command.stdout).toMatch(/engine for a 64 KiB gzip: software/);
    expect(command.status).toBe(1);
  });
});
