// SPDX-License-Identifier: Apache-2.0
import { execFileSync, spawnSync } from 'node:child_process';
import { constants, readSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { loadNative, Readiness } from '../src/index';
import { startChild } from './child';
import { addonPath, makeFile, makeScratchDirectory, mappingsOf, thrown } from './support';

const native = loadNative();
const scratch = makeScratchDirectory('uacce-native-poll-');
afterAll(() => scratch.remove());

let fifoCount = 0;
/** A FIFO opened for reading, non-blocking: not readable until a writer writes. */
function openFifo(): { file: string; fd: number } {
  const file = path.join(scratch.directory, `fifo-${fifoCount++}`);
  execFileSync('mkfifo', [file]);
  return { file, fd: native.open(file, constants.O_RDONLY | constants.O_NONBLOCK) };
}

// Opens every FIFO in $FIFOS for writing, says "ready", then for each stdin line "<index> <text>"
// writes <text> to that FIFO and says "wrote".
const kWriter = `
const fs = require('node:fs');
const fds = process.env.FIFOS.split(',').map((file) => fs.openSync(file, 'w'));
process.stdout.write('ready\\n');
require('node:readline').createInterface({ input: process.stdin }).on('line', (line) => {
  const [index, text] = line.split(' ');
  fs.writeSync(fds[Number(index)], text);
  process.stdout.write('wrote\\n');
});
`;

/** Lets the event loop run its poll phase a few times. */
async function turnLoop(): Promise<void> {
  for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
}

function drain(fd: number): string {
  const buffer = Buffer.alloc(256);
  const count = readSync(fd, buffer);
  return buffer.subarray(0, count).toString();
}

describe('watchReadable', () => {
  it('fires for a pipe written by another process, and not before', async () => {
    const fifo = openFifo();
    const received: string[] = [];
    let fired: () => void = () => {};
    const watch = native.watchReadable(fifo.fd, () => {
      received.push(drain(fifo.fd));
      fired();
    });
    const writer = startChild(kWriter, { FIFOS: fifo.file });
    expect(await writer.nextLine()).toBe('ready');
    await turnLoop();
    expect(received).toEqual([]);

    const firstEvent = new Promise<void>((resolve) => {
      fired = resolve;
    });
    writer.send('0 hello');
    await firstEvent;
    expect(received).toEqual(['hello']);

    watch.stop();
    watch.stop();
    expect(watch.active).toBe(false);
    writer.send('0 after-stop');
    expect(await writer.nextLine()).toBe('wrote');
    expect(await writer.nextLine()).toBe('wrote');
    await turnLoop();
    expect(received).toEqual(['hello']);
    expect(drain(fifo.fd)).toBe('after-stop');
    expect(await writer.finish()).toBe(0);
    native.close(fifo.fd);
  });

  it('watches several fds at once and fires only the one written', async () => {
    const fifos = [openFifo(), openFifo(), openFifo()];
    const events: number[] = [];
    let fired: () => void = () => {};
    const watches = fifos.map((fifo, index) =>
      Readiness.watch(fifo.fd, () => {
        drain(fifo.fd);
        events.push(index);
        fired();
      }),
    );
    const writer = startChild(kWriter, { FIFOS: fifos.map((fifo) => fifo.file).join(',') });
    expect(await writer.nextLine()).toBe('ready');
    for (const index of [2, 0, 1]) {
      const event = new Promise<void>((resolve) => {
        fired = resolve;
      });
      writer.send(`${index} x`);
      await event;
    }
    expect(events).toEqual([2, 0, 1]);
    for (const watch of watches) watch.stop();
    expect(watches.map((watch) => watch.active)).toEqual([false, false, false]);
    expect(await writer.finish()).toBe(0);
    for (const fifo of fifos) native.close(fifo.fd);
  });

  it('lets a stopping callback stop its own watch', async () => {
    const fifo = openFifo();
    const writer = startChild(kWriter, { FIFOS: fifo.file });
    expect(await writer.nextLine()).toBe('ready');
    let calls = 0;
    const done = new Promise<void>((resolve) => {
      const watch = native.watchReadable(fifo.fd, () => {
        calls++;
        watch.stop();
        resolve();
      });
    });
    writer.send('0 unread');
    await done;
    // The data stays unread, so a level-triggered watch would fire again if it were still active.
    await turnLoop();
    expect(calls).toBe(1);
    expect(await writer.finish()).toBe(0);
    native.close(fifo.fd);
  });

  it('refuses its methods on objects that are not watches', () => {
    const fifo = openFifo();
    const watch = native.watchReadable(fifo.fd, () => {});
    expect(() => watch.stop.call({})).toThrow();
    expect(watch.active).toBe(true);
    watch.stop();
    native.close(fifo.fd);
  });

  it('reports EPERM for a regular file and EBADF for a closed fd', () => {
    const fd = native.open(makeFile(scratch.directory, 'regular', 16), constants.O_RDONLY);
    expect(thrown(() => native.watchReadable(fd, () => {}))).toMatchObject({
      code: 'EPERM',
      syscall: 'uv_poll_init',
    });
    native.close(fd);
    expect(thrown(() => native.watchReadable(fd, () => {}))).toMatchObject({ code: 'EBADF' });
    expect(thrown(() => native.watchReadable(0, 'no' as never))).toMatchObject({
      code: 'ERR_INVALID_ARG_TYPE',
    });
  });

  it("turns a throw in the callback into an 'uncaughtException'", () => {
    const script = `
      const { constants, openSync, writeSync } = require('node:fs');
      const native = require(process.env.UACCE_NATIVE_ADDON);
      const fd = native.open(process.env.FIFO, constants.O_RDONLY | constants.O_NONBLOCK);
      const watch = native.watchReadable(fd, () => {
        watch.stop();
        throw Object.assign(new Error('from the callback'), { code: 'E_FROM_CALLBACK' });
      });
      process.on('uncaughtException', (error) => {
        process.stdout.write(error.code);
        process.exitCode = 0;
      });
      writeSync(openSync(process.env.FIFO, constants.O_WRONLY | constants.O_NONBLOCK), 'x');
    `;
    const fifo = openFifo();
    native.close(fifo.fd);
    const result = spawnSync(process.execPath, ['-e', script], {
      env: { ...process.env, UACCE_NATIVE_ADDON: addonPath(), FIFO: fifo.file },
      timeout: 20_000,
    });
    expect(result.stdout.toString()).toBe('E_FROM_CALLBACK');
    expect(result.status).toBe(0);
  });

  it('does not keep the process alive once unref()ed', () => {
    // The unref()ed timer can only fire while something else keeps the loop alive: if unref()
    // failed, the watch would, and the child would exit 3 instead of 0.
    const script = `
      const { constants } = require('node:fs');
      const native = require(process.env.UACCE_NATIVE_ADDON);
      const fd = native.open(process.env.FIFO, constants.O_RDONLY | constants.O_NONBLOCK);
      native.watchReadable(fd, () => {}).unref();
      setTimeout(() => process.exit(3), 10000).unref();
    `;
    const fifo = openFifo();
    native.close(fifo.fd);
    const result = spawnSync(process.execPath, ['-e', script], {
      env: { ...process.env, UACCE_NATIVE_ADDON: addonPath(), FIFO: fifo.file },
      timeout: 20_000,
    });
    expect(result.stderr.toString()).toBe('');
    expect(result.status).toBe(0);
  });
});

describe('environment teardown', () => {
  it('stops watches and unmaps mappings of a worker that exits without releasing them', async () => {
    const fifo = openFifo();
    const file = makeFile(scratch.directory, 'worker-region', 4096);
    const worker = new Worker(
      `
      const { parentPort, workerData } = require('node:worker_threads');
      const fs = require('node:fs');
      const native = require(workerData.addon);
      const fd = native.open(workerData.file, fs.constants.O_RDWR);
      const mapping = native.mmap(fd, 4096, 0);
      new Uint8Array(mapping)[0] = 9;
      native.close(fd);
      const fifo = native.open(workerData.fifo, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
      globalThis.kept = { mapping, watch: native.watchReadable(fifo, () => {}) };
      parentPort.postMessage('holding');
      `,
      { eval: true, workerData: { addon: addonPath(), file, fifo: fifo.file } },
    );
    const [message] = await new Promise<unknown[]>((resolve) =>
      worker.once('message', (...args) => resolve(args)),
    );
    expect(message).toBe('holding');
    expect(mappingsOf(file)).toBe(1);
    // The active watch keeps the worker's loop alive; terminate() tears its environment down.
    expect(await worker.terminate()).toBe(1);
    expect(mappingsOf(file)).toBe(0);
    native.close(fifo.fd);
  });
});
