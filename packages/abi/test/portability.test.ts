// SPDX-License-Identifier: Apache-2.0
// @uacce/abi must run in a browser: no Node built-ins, no Buffer or process in its sources, and
// nothing done at import time beyond defining constants.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sources(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

// Comments may mention these words; strip them before looking.
function code(file: string): string {
  return readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '')
    .replace(/\s\/\/.*$/gm, '');
}

describe('portability', () => {
  const files = sources(SRC);

  it('finds the sources', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files.map((file) => [file.slice(SRC.length + 1), file]))(
    '%s uses no Node-only API',
    (_name, file) => {
      const text = code(file);
      expect(text).not.toMatch(/from ['"]node:/);
      expect(text).not.toMatch(/\brequire\(/);
      expect(text).not.toMatch(/\bBuffer\b/);
      expect(text).not.toMatch(/\bprocess\./);
      expect(text).not.toMatch(/\bimport\(/);
    },
  );

  it('imports only relative modules', () => {
    for (const file of files) {
      for (const match of readFileSync(file, 'utf8').matchAll(/from ['"]([^'"]+)['"]/g)) {
        expect(match[1]!.startsWith('./') || match[1]!.startsWith('../')).toBe(true);
      }
    }
  });
});
