// SPDX-License-Identifier: Apache-2.0
// The corpus: real bytes reachable on any machine that installed this workspace (pinned npm
// packages from the lockfile, the node binary running the benchmark) plus seeded NDJSON logs and
// HTTP-sized slices. Every entry is written to a cache directory (children read it by path) and
// recorded with its size and SHA-256, so two runs can be compared byte for byte.
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  realpathSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { generateNdjson } from './ndjson';

export type CorpusKind = 'text' | 'json' | 'binary' | 'ndjson' | 'http';

/** One input of the matrix, as recorded in the results. */
export interface CorpusEntry {
  name: string;
  kind: CorpusKind;
  source: string;
  path: string;
  bytes: number;
  sha256: string;
}

export const NDJSON_SEED = 0x5eed_0001;
export const HTTP_SLICES = [1024, 4096, 16_384, 65_536] as const;

interface CorpusSizes {
  large: number;
  binary: number;
}

const FULL: CorpusSizes = { large: 3 * 1024 * 1024, binary: 1024 * 1024 };
const SMOKE: CorpusSizes = { large: 256 * 1024, binary: 256 * 1024 };

function packageDir(name: string): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve(`${name}/package.json`));
}

function typescriptBundle(limit: number): Buffer {
  return readFileSync(join(packageDir('typescript'), 'lib', 'typescript.js')).subarray(0, limit);
}

/** lib.dom.d.ts followed by every @types/node declaration file, in sorted order. */
function declarations(limit: number): Buffer {
  const typesDir = packageDir('@types/node');
  const files = readdirSync(typesDir)
    .filter((file) => file.endsWith('.d.ts'))
    .sort()
    .map((file) => readFileSync(join(typesDir, file)));
  const dom = readFileSync(join(packageDir('typescript'), 'lib', 'lib.dom.d.ts'));
  return Buffer.concat([dom, ...files]).subarray(0, limit);
}

/** A lockfile-like JSON document: TypeScript's localized diagnostics keyed by locale. */
function diagnosticsJson(limit: number): Buffer {
  const libDir = join(packageDir('typescript'), 'lib');
  const document: Record<string, unknown> = {};
  for (const locale of readdirSync(libDir, { withFileTypes: true }).filter((e) => e.isDirectory())) {
    const file = join(libDir, locale.name, 'diagnosticMessages.generated.json');
    document[locale.name] = JSON.parse(readFileSync(file, 'utf8'));
  }
  const sorted = Object.fromEntries(Object.entries(document).sort(([a], [b]) => a.localeCompare(b)));
  return Buffer.from(JSON.stringify(sorted, null, 2)).subarray(0, limit);
}

/** Name of the package a pnpm store directory holds (`@types+node@20.19.25` → `@types/node`). */
function storeName(key: string): string {
  return key.slice(0, key.indexOf('@', 1)).replace('+', '/');
}

/**
 * A lockfile-like JSON document: the manifest of every installed package version (pnpm's
 * node_modules/.pnpm, fixed by the committed lockfile), keyed by store entry, in sorted order.
 */
function manifestsJson(limit: number): Buffer {
  const store = dirname(dirname(dirname(realpathSync(packageDir('typescript')))));
  const document: Record<string, unknown> = {};
  for (const key of readdirSync(store).sort()) {
    const manifest = join(store, key, 'node_modules', storeName(key), 'package.json');
    if (existsSync(manifest)) document[key] = JSON.parse(readFileSync(manifest, 'utf8'));
  }
  return Buffer.from(JSON.stringify(document, null, 2)).subarray(0, limit);
}

function nodeBinary(limit: number): Buffer {
  const fd = openSync(process.execPath, 'r');
  try {
    const buffer = Buffer.alloc(limit);
    const read = readSync(fd, buffer, 0, limit, 0);
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function record(dir: string, name: string, kind: CorpusKind, source: string, bytes: Buffer): CorpusEntry {
  const path = join(dir, `${name}.bin`);
  writeFileSync(path, bytes);
  return { name, kind, source, path, bytes: bytes.length, sha256: sha256(bytes) };
}

/** Builds the corpus into `dir` and returns its entries (large inputs first, then HTTP slices). */
export function buildCorpus(dir: string, smoke: boolean): CorpusEntry[] {
  mkdirSync(dir, { recursive: true });
  const sizes = smoke ? SMOKE : FULL;
  const ts = typescriptBundle(sizes.large);
  const json = diagnosticsJson(sizes.large);
  const entries = [
    record(dir, 'typescript.js', 'text', 'typescript@5.9.3 lib/typescript.js (prefix)', ts),
    record(
      dir,
      'declarations.d.ts',
      'text',
      'typescript lib.dom.d.ts + @types/node/*.d.ts',
      declarations(sizes.large),
    ),
    record(dir, 'diagnostics.json', 'json', 'typescript lib/*/diagnosticMessages.generated.json', json),
    record(
      dir,
      'manifests.json',
      'json',
      'package.json of every package in node_modules/.pnpm',
      manifestsJson(sizes.large),
    ),
    record(
      dir,
      'logs.ndjson',
      'ndjson',
      `generated, seed 0x${NDJSON_SEED.toString(16)}`,
      generateNdjson(sizes.large, NDJSON_SEED),
    ),
    record(dir, 'node-binary', 'binary', `${process.execPath} (prefix)`, nodeBinary(sizes.binary)),
  ];
  for (const size of HTTP_SLICES) {
    const slice = json.subarray(0, Math.min(size, json.length));
    entries.push(
      record(dir, `http-${size / 1024}k.json`, 'http', `diagnostics.json bytes 0..${size}`, slice),
    );
  }
  return entries;
}
