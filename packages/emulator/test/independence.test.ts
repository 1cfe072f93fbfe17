// SPDX-License-Identifier: Apache-2.0
// The emulator decodes hardware formats on its own (docs/design.md "The emulator"): from @uacce/abi it
// may take only the shared error classes, never a codec, or a layout mistake could hide on both
// sides of the golden vectors.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SOURCES = fileURLToPath(new URL('../src', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

/** Every name imported from @uacce/abi, with the file it appears in. */
function abiImports(): Array<[string, string]> {
  const found: Array<[string, string]> = [];
  for (const file of sourceFiles(SOURCES)) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/import\s+(type\s+)?\{([^}]*)\}\s+from\s+'@uacce\/abi'/g)) {
      for (const name of match[2]!.split(',')) {
        const imported = name
          .trim()
          .replace(/^type\s+/, '')
          .split(/\s+as\s+/)[0]!;
        if (imported) found.push([file, imported]);
      }
    }
    // Any other form (namespace, default, require, dynamic import) is refused outright.
    expect(text).not.toMatch(/import\s+\*\s+as\s+\w+\s+from\s+'@uacce\/abi'/);
    expect(text).not.toMatch(/(require|import)\(\s*'@uacce\/abi'/);
    expect(text).not.toMatch(/export\s[^;]*from\s+'@uacce\/abi'/);
  }
  return found;
}

describe('independence from @uacce/abi', () => {
  it('imports only the shared error classes from @uacce/abi', () => {
    const imports = abiImports();
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter(([, name]) => !/^Uacce\w*Error$/.test(name))).toEqual([]);
  });
});
