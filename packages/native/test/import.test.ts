// SPDX-License-Identifier: Apache-2.0
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

function addonIsMapped(): boolean {
  return readFileSync('/proc/self/maps', 'utf8').includes('uacce_native.node');
}

describe('import', () => {
  it('loads nothing until loadNative() is called', async () => {
    expect(addonIsMapped()).toBe(false);
    const module = await import('../src/index');
    expect(addonIsMapped()).toBe(false);
    module.loadNative();
    expect(addonIsMapped()).toBe(true);
  });
});
