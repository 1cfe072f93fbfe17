// SPDX-License-Identifier: Apache-2.0
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCorpus, HTTP_SLICES } from '../src/corpus';
import { generateNdjson } from '../src/ndjson';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'uacce-corpus-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('generateNdjson', () => {
  it('is byte-identical for the same seed and differs for another', () => {
    expect(generateNdjson(50_000, 7).equals(generateNdjson(50_000, 7))).toBe(true);
    expect(generateNdjson(50_000, 7).equals(generateNdjson(50_000, 8))).toBe(false);
  });

  it('produces exactly the requested size of JSON lines', () => {
    const logs = generateNdjson(100_000, 1);
    expect(logs.length).toBe(100_000);
    const lines = logs.toString('utf8').split('\n').slice(0, -1);
    for (const line of lines) expect(JSON.parse(line)).toHaveProperty('msg');
  });
});

describe('buildCorpus', () => {
  it('writes the same bytes and checksums on every build', () => {
    const first = buildCorpus(tempDir(), true);
    const second = buildCorpus(tempDir(), true);
    expect(second.map((e) => [e.name, e.sha256])).toEqual(first.map((e) => [e.name, e.sha256]));
    for (const entry of first) expect(readFileSync(entry.path).length).toBe(entry.bytes);
  });

  it('includes text, JSON, binary, NDJSON and every HTTP slice size', () => {
    const corpus = buildCorpus(tempDir(), true);
    expect(new Set(corpus.map((e) => e.kind))).toEqual(new Set(['text', 'json', 'binary', 'ndjson', 'http']));
    expect(corpus.filter((e) => e.kind === 'http').map((e) => e.bytes)).toEqual([...HTTP_SLICES]);
    const json = corpus.find((e) => e.kind === 'json')!;
    expect(() => JSON.parse(readFileSync(json.path, 'utf8'))).toThrow(); // a prefix, cut mid-document
  });
});
