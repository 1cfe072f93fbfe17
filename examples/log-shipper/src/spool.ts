// SPDX-License-Identifier: Apache-2.0
// The disk spool: batches the endpoint could not take, one file each, oldest first. A file is
// written to a temporary name and renamed, so a crash never leaves half a batch under a real name;
// it is removed only after the endpoint acknowledged it.
import { mkdir, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SealedBatch } from './batch';

const SPOOLED = /^(\d{16})-([0-9a-f-]{36})-(\d+)\.ndjson\.gz$/;

/** A batch waiting on disk. */
export interface SpooledBatch {
  file: string;
  id: string;
  lines: number;
}

/** The spool directory: put, list (oldest first), read, remove, reject. */
export class DiskSpool {
  readonly dir: string;
  #sequence = 0;
  #ready: Promise<void> | undefined;

  constructor(dir: string) {
    this.dir = dir;
  }

  /** Creates the directory and continues the sequence after what a previous run left. */
  open(): Promise<void> {
    this.#ready ??= (async () => {
      await mkdir(this.dir, { recursive: true });
      const pending = await this.list();
      const last = pending.at(-1);
      this.#sequence = last ? Number(last.file.slice(0, 16)) + 1 : 0;
    })();
    return this.#ready;
  }

  /** Writes a batch; resolves once it is on disk under its final name. */
  async put(batch: SealedBatch): Promise<SpooledBatch> {
    await this.open();
    const name = `${String(this.#sequence++).padStart(16, '0')}-${batch.id}-${batch.lines}.ndjson.gz`;
    const temporary = join(this.dir, `.${name}.tmp`);
    await writeFile(temporary, batch.body, { flush: true });
    await rename(temporary, join(this.dir, name));
    return { file: name, id: batch.id, lines: batch.lines };
  }

  /** Spooled batches, oldest first. */
  async list(): Promise<SpooledBatch[]> {
    const names = (await readdir(this.dir)).filter((name) => SPOOLED.test(name)).sort();
    return names.map((file) => {
      const [, , id, lines] = SPOOLED.exec(file)!;
      return { file, id: id!, lines: Number(lines) };
    });
  }

  read(entry: SpooledBatch): Promise<Buffer> {
    return readFile(join(this.dir, entry.file));
  }

  async remove(entry: SpooledBatch): Promise<void> {
    await unlink(join(this.dir, entry.file));
  }

  /** Moves a batch the endpoint refused for good aside, into `rejected/`, to be looked at by a person. */
  async reject(entry: SpooledBatch): Promise<void> {
    await mkdir(join(this.dir, 'rejected'), { recursive: true });
    await rename(join(this.dir, entry.file), join(this.dir, 'rejected', entry.file));
  }
}
