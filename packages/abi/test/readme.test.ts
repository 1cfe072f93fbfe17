// SPDX-License-Identifier: Apache-2.0
// The README's example must keep running: extract it, point its import at the sources, run it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as abi from '../src/index';

describe('README example', () => {
  it('runs against the sources and prints what its comments say', async () => {
    const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');
    const block = /```js\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBeDefined();
    // Turn the single `import { ... } from '@uacce/abi'` into a destructuring of the module.
    const body = block!.replace(/import\s*\{([\s\S]*?)\}\s*from\s*'@uacce\/abi';/, 'const {$1} = abi;');
    const printed: unknown[] = [];
    const run = new Function('abi', 'console', body) as (
      module: typeof abi,
      log: Pick<Console, 'log'>,
    ) => void;
    run(abi, { log: (...values: unknown[]) => printed.push(values.length === 1 ? values[0] : values) });
    expect(printed[0]).toBe('c004480a');
    expect(printed[1]).toEqual({ id: 0, qcType: 0 });
    expect(printed[2]).toEqual(['1000', '1100000005']);
    expect(printed[3]).toMatchObject({
      cqOffset: 131072,
      dsRxOffset: 151544,
      dsTxOffset: 151548,
      size: 151552,
    });
    expect(printed[4]).toBe(42);
    expect(printed[5]).toBe(0);
    expect(printed[6]).toMatchObject({ value: 14, name: 'DSTLEN_OUT', ok: false });
  });
});
