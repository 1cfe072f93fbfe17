// SPDX-License-Identifier: Apache-2.0
// Where the engine finds devices. Read at call time, never at import (docs/contracts.md,
// "Environment and configuration"); an option always wins over its environment variable.
import { UacceArgumentError } from '@uacce/abi';
import type { TransportKind } from './transport';

/** Options naming where devices live; every one also has an environment variable. */
export interface LocationOptions {
  /** `kernel` or `emulator` (env `UACCE_TRANSPORT`). */
  transport?: TransportKind;
  /** Directory with one folder per device (env `UACCE_SYSFS_ROOT`, default /sys/class/uacce). */
  sysfsRoot?: string;
  /** Directory of the character devices for the kernel transport (env `UACCE_DEV_ROOT`, default /dev). */
  devRoot?: string;
  /** The emulator's UNIX socket (env `UACCE_EMULATOR_SOCKET`). */
  emulatorSocket?: string;
  /** The environment to read instead of `process.env` (any object with these variables). */
  env?: UacceEnv;
}

/** The variables the engine reads; `process.env` and the emulator's `env` both fit. */
export interface UacceEnv {
  readonly UACCE_TRANSPORT?: string;
  readonly UACCE_SYSFS_ROOT?: string;
  readonly UACCE_DEV_ROOT?: string;
  readonly UACCE_EMULATOR_SOCKET?: string;
}

/** The resolved locations. */
export interface Locations {
  transport: TransportKind;
  sysfsRoot: string;
  devRoot: string;
  emulatorSocket: string | undefined;
}

export const DEFAULT_SYSFS_ROOT = '/sys/class/uacce';
export const DEFAULT_DEV_ROOT = '/dev';

/** Resolves options against the environment. Throws ERR_INVALID_ARG_VALUE for an unknown transport. */
export function resolveLocations(options: LocationOptions = {}): Locations {
  const env: UacceEnv = options.env ?? (process.env as UacceEnv);
  const emulatorSocket = nonEmpty(options.emulatorSocket) ?? nonEmpty(env.UACCE_EMULATOR_SOCKET);
  const transport =
    options.transport ?? nonEmpty(env.UACCE_TRANSPORT) ?? (emulatorSocket ? 'emulator' : 'kernel');
  if (transport !== 'kernel' && transport !== 'emulator') {
    throw new UacceArgumentError(
      'ERR_INVALID_ARG_VALUE',
      `transport must be 'kernel' or 'emulator', got ${JSON.stringify(transport)}`,
    );
  }
  if (transport === 'emulator' && emulatorSocket === undefined) {
    throw new UacceArgumentError(
      'ERR_INVALID_ARG_VALUE',
      'the emulator transport needs emulatorSocket or UACCE_EMULATOR_SOCKET',
    );
  }
  return {
    transport,
    sysfsRoot: nonEmpty(options.sysfsRoot) ?? nonEmpty(env.UACCE_SYSFS_ROOT) ?? DEFAULT_SYSFS_ROOT,
    devRoot: nonEmpty(options.devRoot) ?? nonEmpty(env.UACCE_DEV_ROOT) ?? DEFAULT_DEV_ROOT,
    emulatorSocket,
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
