// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { resolveLocations } from '../src/config';

describe('resolveLocations', () => {
  it('defaults to the kernel paths', () => {
    expect(resolveLocations({ env: {} })).toEqual({
      transport: 'kernel',
      sysfsRoot: '/sys/class/uacce',
      devRoot: '/dev',
      emulatorSocket: undefined,
    });
  });

  it('selects the emulator when its socket is set, and reads every variable', () => {
    const env = {
      UACCE_EMULATOR_SOCKET: '/tmp/e/uacce.sock',
      UACCE_SYSFS_ROOT: '/tmp/e/sys',
      UACCE_DEV_ROOT: '/tmp/e/dev',
    };
    expect(resolveLocations({ env })).toEqual({
      transport: 'emulator',
      sysfsRoot: '/tmp/e/sys',
      devRoot: '/tmp/e/dev',
      emulatorSocket: '/tmp/e/uacce.sock',
    });
  });

  it('lets options win over variables, and UACCE_TRANSPORT over the socket default', () => {
    const env = { UACCE_EMULATOR_SOCKET: '/s', UACCE_TRANSPORT: 'kernel', UACCE_SYSFS_ROOT: '/env' };
    expect(resolveLocations({ env }).transport).toBe('kernel');
    expect(resolveLocations({ env, sysfsRoot: '/option', transport: 'emulator' })).toMatchObject({
      sysfsRoot: '/option',
      transport: 'emulator',
    });
  });

  it('rejects an unknown transport and an emulator without socket', () => {
    expect(() => resolveLocations({ env: { UACCE_TRANSPORT: 'pci' } })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }),
    );
    expect(() => resolveLocations({ env: {}, transport: 'emulator' })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }),
    );
  });
});
