// SPDX-License-Identifier: Apache-2.0
// Imports a workspace package by name at run time. The name goes through a variable on purpose:
// neither the bundler nor the type checker follows it, so the benchmark builds and typechecks
// while the @uacce packages are still being written, and a package that does not load turns its
// contenders into "skipped" at run time (the shapes used are declared where they are used).

/** `import(name)` resolved from this file's location (bench/dist in a run). */
export function importPackage(name: string): Promise<Record<string, unknown>> {
  return import(name) as Promise<Record<string, unknown>>;
}
