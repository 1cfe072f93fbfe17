// SPDX-License-Identifier: Apache-2.0
// What the test files use of `vitest`, on node:test and vitest's own expect (@vitest/expect on
// chai), so the same test files run in a plain Node.js: the arm64 Node under qemu, where vitest
// itself (esbuild, rollup: x64 binaries here) cannot start. The bundler (src/arm64-run.ts) points
// `vitest` at this file. Only what the bundled files use is here; anything else fails the bundle.
import {
  after,
  before,
  afterEach as nodeAfterEach,
  beforeEach as nodeBeforeEach,
  describe as nodeDescribe,
  it as nodeIt,
} from 'node:test';
// Both are vitest's own dependencies, resolved by the bundler next to vitest (src/arm64-run.ts),
// not from this package, so TypeScript cannot see them from here.
// @ts-expect-error
import { JestAsymmetricMatchers, JestChaiExpect, JestExtend } from '@vitest/expect';
// @ts-expect-error
import * as chai from 'chai';

chai.use(JestExtend);
chai.use(JestChaiExpect);
chai.use(JestAsymmetricMatchers);

type Body = (...args: never[]) => unknown;

export const expect = chai.expect as unknown as typeof import('vitest').expect;

function options(timeout: number | undefined) {
  return timeout === undefined ? {} : { timeout };
}

function format(name: string, values: readonly unknown[]): string {
  let index = 0;
  return name.replace(/%[sdi]/g, () => String(values[index++]));
}

// Tests the arm64 run leaves out, by name, each with why (UACCE_ARM64_SKIP: {"name": "why"}).
const skipped: Record<string, string> = JSON.parse(process.env.UACCE_ARM64_SKIP ?? '{}');

function defineIt(name: string, body: Body, timeout?: number): void {
  const skip = skipped[name];
  if (skip) {
    nodeIt(name, { skip }, () => {});
    return;
  }
  nodeIt(name, options(timeout), async () => {
    await (body as () => unknown)();
  });
}

export const it = Object.assign(defineIt, {
  each:
    (cases: readonly unknown[]) =>
    (name: string, body: Body, timeout?: number): void => {
      for (const entry of cases) {
        const values = Array.isArray(entry) ? entry : [entry];
        nodeIt(format(name, values), options(timeout), async () => {
          await (body as (...a: unknown[]) => unknown)(...values);
        });
      }
    },
  skip: (name: string, _body?: Body) => {
    nodeIt(name, { skip: true }, () => {});
  },
});
export const test = it;

export function describe(name: string, body: () => void): void {
  nodeDescribe(name, body);
}

export const beforeAll = (body: Body, timeout?: number) => before(body as () => unknown, options(timeout));
export const afterAll = (body: Body, timeout?: number) => after(body as () => unknown, options(timeout));
export const beforeEach = (body: Body, timeout?: number) =>
  nodeBeforeEach(body as () => unknown, options(timeout));
export const afterEach = (body: Body, timeout?: number) =>
  nodeAfterEach(body as () => unknown, options(timeout));
