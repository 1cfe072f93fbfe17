// SPDX-License-Identifier: Apache-2.0
import { afterAll, beforeAll, describe } from 'vitest';
import { closeHardware, configureHardware } from '../src/index';
import { FakeEngine } from './helpers/fake-engine';
import { defineZlibSuite } from './helpers/zlib-suite';

describe('software engine (node:zlib)', () => {
  beforeAll(() => configureHardware({ env: {}, sysfsRoot: '/nonexistent' }));
  defineZlibSuite({ name: 'software', options: { engine: 'software' }, served: 'software' });
  defineZlibSuite({ name: 'auto without a device', options: {}, served: 'software' });
});

describe('hardware engine (in-process fake of @uacce/zip)', () => {
  beforeAll(() => configureHardware({ engine: () => Promise.resolve(new FakeEngine()) }));
  afterAll(() => closeHardware());
  defineZlibSuite({ name: 'fake hardware', options: { engine: 'hardware' }, served: 'hardware' });
});
