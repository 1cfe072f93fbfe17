// SPDX-License-Identifier: Apache-2.0
// Every relative link in the repository's Markdown (tracked files) names a file or folder that
// exists inside the repository: none leaves it (no `../shared/...`), none is dead. Absolute URLs
// (https:, mailto:) and in-page anchors are not checked; no source or document names a path under
// `../shared/`. Exits 1 listing each problem.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.md'], {
  cwd: root,
  encoding: 'utf8',
})
  .split('\n')
  .filter((file) => file && existsSync(join(root, file)));

/** Inline links and images `[text](target)` outside code spans and fenced blocks. */
function links(text) {
  const found = [];
  let fenced = false;
  for (const [index, line] of text.split('\n').entries()) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced) continue;
    const prose = line.replace(/`[^`]*`/g, '');
    for (const match of prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      found.push({ line: index + 1, target: match[1] });
    }
  }
  return found;
}

const problems = [];
for (const file of files) {
  for (const { line, target } of links(readFileSync(join(root, file), 'utf8'))) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#')) continue;
    const path = decodeURIComponent(target.split('#')[0]);
    const absolute = resolve(root, dirname(file), path);
    const inside = relative(root, absolute);
    if (inside.startsWith(`..${sep}`) || inside === '..')
      problems.push(`${file}:${line}: ${target} leaves the repository`);
    else if (!existsSync(absolute)) problems.push(`${file}:${line}: ${target} does not exist`);
  }
}

// Nor does a plain-text reference to the folder beside the repository the design once lived in.
const sources = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
  cwd: root,
  encoding: 'utf8',
})
  .split('\n')
  .filter((file) => /\.(md|ts|mts|cts|js|mjs|cjs|json|cc|h|gyp)$/.test(file) && existsSync(join(root, file)));
for (const file of sources) {
  if (file.endsWith('links.mjs')) continue;
  readFileSync(join(root, file), 'utf8')
    .split('\n')
    .forEach((text, index) => {
      if (/(\.\.\/)+shared\//.test(text))
        problems.push(`${file}:${index + 1}: names a file outside the repository`);
    });
}

if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`${files.length} Markdown files: every relative link stays in the repository and exists`);
