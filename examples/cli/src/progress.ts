// SPDX-License-Identifier: Apache-2.0
// A progress bar on stderr for large inputs, only when stderr is a terminal.
import { Transform, type TransformCallback } from 'node:stream';

/** Inputs at least this large get a bar (when stderr is a terminal). */
export const PROGRESS_THRESHOLD = 16 * 1024 * 1024;

/** Where the bar is drawn: stderr, or a fake terminal in tests. */
export interface ProgressTerminal {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

// A terminal that does not know its size (a pty nobody sized, as `script` opens without a
// terminal of its own, or some CI runners) reports 0 columns: drawn as if it had 80.
function widthOf(terminal: ProgressTerminal): number {
  const columns = terminal.columns;
  return columns !== undefined && Number.isInteger(columns) && columns > 0 ? columns : 80;
}

/** Whether a bar should be drawn for an input of `size` bytes (undefined: unknown, e.g. a pipe). */
export function wantsProgress(terminal: ProgressTerminal, size: number | undefined, quiet: boolean): boolean {
  return !quiet && terminal.isTTY === true && size !== undefined && size >= PROGRESS_THRESHOLD;
}

/** One line of the bar: `name [#####.....]  42%`, fitted to `columns`. */
export function renderProgress(name: string, done: number, total: number, columns = 80): string {
  const fraction = total > 0 ? Math.min(done / total, 1) : 1;
  const percent = `${String(Math.floor(fraction * 100)).padStart(3, ' ')}%`;
  const label = name.length > 24 ? `...${name.slice(-21)}` : name;
  const width = Math.max(10, Math.min(50, columns - label.length - percent.length - 5));
  const filled = Math.round(fraction * width);
  return `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${percent}`;
}

/** A pass-through that redraws the bar as bytes go by, at most once per whole percent. */
export class ProgressBar extends Transform {
  #done = 0;
  #drawnPercent = -1;
  #drawnLength = 0;
  constructor(
    readonly name: string,
    readonly total: number,
    readonly terminal: ProgressTerminal,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#done += chunk.length;
    const percent = Math.floor((this.#done / this.total) * 100);
    if (percent !== this.#drawnPercent) {
      this.#drawnPercent = percent;
      const line = renderProgress(this.name, this.#done, this.total, widthOf(this.terminal));
      this.#drawnLength = line.length;
      this.terminal.write(`\r${line}`);
    }
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    // Erase the bar, as long as it was drawn, so the summary lines that follow start on a clean line.
    if (this.#drawnLength > 0) this.terminal.write(`\r${' '.repeat(this.#drawnLength)}\r`);
    callback();
  }
}
