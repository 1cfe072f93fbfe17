// SPDX-License-Identifier: Apache-2.0
// The consumer project of check.mjs: small files a user would write against the installed tarballs,
// and the tsconfig of each module resolution they must compile under.

const esm = `import zlib, { CompressionStream, constants, createGunzip, createGzip, gzipSync, metrics } from '@uacce/stream';
import * as web from '@uacce/stream/browser';
import * as abi from '@uacce/abi';
import { isNativeAvailable } from '@uacce/native';
import { discoverDevices } from '@uacce/qm';
import { openZipEngine } from '@uacce/zip';
import { startEmulator } from '@uacce/emulator';

const packed: Buffer = gzipSync(Buffer.from('hello'), { level: constants.Z_BEST_SPEED, engine: 'software' });
const same: Buffer = zlib.gunzipSync(packed);
const stream = createGzip({ engine: 'auto' });
stream.pipe(createGunzip());
const web1: CompressionStream = new CompressionStream('gzip');
const web2 = new web.CompressionStream('deflate');
export const used = [same, web1, web2, metrics(), abi, isNativeAvailable, discoverDevices, openZipEngine, startEmulator];
`;

const cjs = `import zlib = require('@uacce/stream');
import web = require('@uacce/stream/browser');
import abi = require('@uacce/abi');
import native = require('@uacce/native');
import qm = require('@uacce/qm');
import zip = require('@uacce/zip');
import emulator = require('@uacce/emulator');

const packed: Buffer = zlib.gzipSync(Buffer.from('hello'), { engine: 'software' });
const same: Buffer = zlib.gunzipSync(packed);
const gzip = zlib.createGzip({ level: zlib.constants.Z_BEST_SPEED });
export = [same, gzip, new web.DecompressionStream('gzip'), abi, native.isNativeAvailable, qm.discoverDevices, zip.openZipEngine, emulator.startEmulator];
`;

/** Run by Node from the installed tarballs: the software path round-trips with no addon built. */
const runEsm = `import zlib from '@uacce/stream';
import { gunzipSync } from 'node:zlib';
const input = Buffer.from('consumer '.repeat(1000));
const viaAuto = await new Promise((resolve, reject) => zlib.gzip(input, (error, out) => (error ? reject(error) : resolve(out))));
if (!gunzipSync(viaAuto).equals(input)) throw new Error('ESM gzip did not round-trip');
if (!zlib.gunzipSync(zlib.gzipSync(input)).equals(input)) throw new Error('ESM gzipSync did not round-trip');
await import('@uacce/abi'); await import('@uacce/native'); await import('@uacce/qm'); await import('@uacce/zip');
await import('@uacce/emulator'); await import('@uacce/stream/browser');
console.log('ESM import of every package, gzip round trip ok');
`;

const runCjs = `const zlib = require('@uacce/stream');
const { gunzipSync } = require('node:zlib');
const input = Buffer.from('consumer '.repeat(1000));
if (!gunzipSync(zlib.gzipSync(input)).equals(input)) throw new Error('CJS gzipSync did not round-trip');
for (const name of ['@uacce/abi', '@uacce/native', '@uacce/qm', '@uacce/zip', '@uacce/emulator', '@uacce/stream/browser']) require(name);
console.log('CJS require of every package, gzip round trip ok');
`;

const runWithoutNative = `import zlib from '@uacce/stream';
import { openZipEngine } from '@uacce/zip';
import { gunzipSync } from 'node:zlib';
// A device is listed (UACCE_SYSFS_ROOT), the addon's package is not installed: the driver says so.
const refused = await openZipEngine().then(
  () => new Error('openZipEngine opened an engine without @uacce/native'),
  (error) => error,
);
if (refused.code !== 'ERR_UACCE_NATIVE_UNAVAILABLE') throw refused;
const input = Buffer.from('no addon '.repeat(1000));
const out = await new Promise((resolve, reject) =>
  zlib.gzip(input, { engine: 'auto' }, (error, result) => (error ? reject(error) : resolve(result))),
);
if (!gunzipSync(out).equals(input)) throw new Error('gzip without @uacce/native did not round-trip');
const stream = zlib.createGzip();
stream.end(input);
const chunks = [];
for await (const chunk of stream) chunks.push(chunk);
if (!gunzipSync(Buffer.concat(chunks)).equals(input)) throw new Error('createGzip without @uacce/native did not round-trip');
if (stream.engine !== 'software') throw new Error(\`expected the software engine, got \${stream.engine}\`);
console.log('without @uacce/native: openZipEngine rejects with', refused.code, '; software path ok,', JSON.stringify(stream.engineInfo));
`;

export const consumerFiles = {
  'esm.mts': esm,
  'bundler.ts': esm,
  'cjs.cts': cjs,
  'node10.ts': cjs,
  'run-esm.mjs': runEsm,
  'run-cjs.cjs': runCjs,
  'run-without-native.mjs': runWithoutNative,
};

/** Strict settings a user might have, with the packages' declarations checked too (no skipLibCheck). */
const strict = {
  strict: true,
  noEmit: true,
  skipLibCheck: false,
  target: 'ES2022',
  types: ['node'],
  lib: ['ES2022'],
};

export const consumerProjects = {
  nodenext: {
    compilerOptions: { ...strict, module: 'nodenext', moduleResolution: 'nodenext' },
    files: ['esm.mts', 'cjs.cts'],
  },
  node16: {
    compilerOptions: { ...strict, module: 'node16', moduleResolution: 'node16' },
    files: ['esm.mts', 'cjs.cts'],
  },
  bundler: {
    compilerOptions: { ...strict, module: 'esnext', moduleResolution: 'bundler' },
    files: ['bundler.ts'],
  },
  node10: {
    compilerOptions: { ...strict, module: 'commonjs', moduleResolution: 'node10', esModuleInterop: true },
    files: ['node10.ts'],
  },
};
