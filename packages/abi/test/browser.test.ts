// SPDX-License-Identifier: Apache-2.0
// @uacce/abi runs in a browser: bundled the way a web application would bundle it (esbuild,
// platform 'browser', so a node: import anywhere would fail the build), then run in a bare V8
// context that has only the JavaScript built-ins (no require, process, Buffer, TextEncoder...).
// The codecs must give the same golden bytes there as under Node.
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleForBrowser } from '../../../tooling/vitest/bundle-for-browser';
import { loadFixture } from './helpers';

let context: vm.Context;
/** Evaluates `source` in the bare context; results cross back as JSON (no shared prototypes). */
function run(source: string): unknown {
  return JSON.parse(vm.runInContext(`JSON.stringify((() => { ${source} })())`, context) as string);
}

beforeAll(async () => {
  // Both entries, as a web application would bundle them: `abi` (the driver's) and
  // `abiTesting` (the device's side, ./testing).
  const bundle = (entry: string, globalName: string) =>
    bundleForBrowser(fileURLToPath(new URL(entry, import.meta.url)), { format: 'iife', globalName });
  const scripts = await Promise.all([
    bundle('../src/index.ts', 'abi'),
    bundle('../src/testing.ts', 'abiTesting'),
  ]);
  context = vm.createContext({});
  for (const script of scripts) vm.runInContext(script, context);
});

const doorbells = loadFixture<{
  vectors: { style: string; valueHex: string; bytesHex: string; fields: object }[];
}>('doorbell-golden.json').vectors;
const sqes = loadFixture<{ vectors: { hex: string }[] }>('zip-sqe-golden.json').vectors;

const kHexHelpers = `
  const toHex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  const fromHex = (hex) => Uint8Array.from(hex.match(/../g), (pair) => parseInt(pair, 16));
`;

describe('@uacce/abi in a bare JavaScript context', () => {
  it('has no Node globals to lean on', () => {
    expect(run('return [typeof require, typeof process, typeof Buffer, typeof TextEncoder];')).toEqual([
      'undefined',
      'undefined',
      'undefined',
      'undefined',
    ]);
  });

  it('computes the ioctl numbers of spec §2.4', () => {
    expect(
      run(`return [abi.UACCE_CMD_START_Q, abi.UACCE_CMD_PUT_Q, abi.UACCE_CMD_QM_SET_QP_CTX,
        abi.UACCE_CMD_QM_SET_QP_INFO];`),
    ).toEqual([0x5700, 0x5701, 0xc004480a, 0xc010480b]);
  });

  it('encodes the doorbell golden vectors byte for byte', () => {
    const results = run(`${kHexHelpers}
      return ${JSON.stringify(doorbells)}.map((v) =>
        toHex(abiTesting.doorbellBytes(abi.encodeDoorbell(v.style, v.fields))));`);
    expect(results).toEqual(doorbells.map((vector) => vector.bytesHex));
  });

  it('round-trips the ZIP SQE golden vectors', () => {
    const results = run(`${kHexHelpers}
      return ${JSON.stringify(sqes.map((vector) => vector.hex))}.map((hex) =>
        toHex(abiTesting.encodeZipSqe(abiTesting.decodeZipSqe(fromHex(hex)))));`);
    expect(results).toEqual(sqes.map((vector) => vector.hex));
  });

  it('throws its typed errors there too', () => {
    expect(
      run(`try { abi.parseIsolate('2\\n'); return null; } catch (error) {
        return [error instanceof abi.SysfsAttributeError, error instanceof abi.UacceError, error.code,
          error.attribute, error.value];
      }`),
    ).toEqual([true, true, 'ERR_UACCE_SYSFS_ATTRIBUTE', 'isolate', '2\n']);
  });
});
