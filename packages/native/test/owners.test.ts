// SPDX-License-Identifier: Apache-2.0
import { execFileSync } from 'node:child_process';
import { constants, readSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileDescriptor, loadNative, Mapping, Readiness } from '../src/index';
import { startChild } from './child';
import { collectGarbage, makeFile, makeScratchDirectory, openFdCount, thrown } from './support';

const native = loadNative();
const scratch = makeScratchDirectory('uacce-native-owners-');
afterAll(() => scratch.remove());

describe('FileDescriptor', () => {
  it('closes once, however often close() is called', () => {
    const before = openFdCount();
    const file = FileDescriptor.open(makeFile(scratch.directory, 'once', 8), constants.O_RDONLY);
    expect(openFdCount()).toBe(before + 1);
    const fd = file.fd;
    file.close();
    file.close();
    expect(file.closed).toBe(true);
    expect(file.fd).toBe(-1);
    expect(openFdCount()).toBe(before);
    expect(thrown(() => native.close(fd))).toMatchObject({ code: 'EBADF' });
  });

  it('carries the system error of open', () => {
    const missing = path.join(scratch.directory, 'missing');
    expect(thrown(() => FileDescriptor.open(missing, constants.O_RDONLY))).toMatchObject({
      code: 'ENOENT',
      path: missing,
    });
  });

  it('closes the fd when its owner is collected without close()', async () => {
    const file = makeFile(scratch.directory, 'leaked', 8);
    const before = openFdCount();
    (() => {
      for (let index = 0; index < 10; index++) FileDescriptor.open(file, constants.O_RDONLY);
    })();
    expect(openFdCount()).toBe(before + 10);
    await collectGarbage();
    expect(openFdCount()).toBe(before);
  });
});

describe('Mapping', () => {
  it('reads and writes registers through its methods', () => {
    const file = FileDescriptor.open(makeFile(scratch.directory, 'registers', 4096), constants.O_RDWR);
    const mapping = Mapping.map(file.fd, 4096);
    mapping.store64(0x10, 0x0000001100000005n);
    expect(mapping.load64(0x10)).toBe(0x0000001100000005n);
    expect(mapping.load32(0x14)).toBe(0x11);
    expect(thrown(() => mapping.store64(4096, 1n))).toMatchObject({ code: 'ERR_OUT_OF_RANGE' });
    expect(mapping.address).toBe(native.addressOf(mapping.buffer));
    mapping.close();
    file.close();
  });
});

describe('Readiness', () => {
  it('stops the watch of an owner collected without stop()', async () => {
    const fifos = ['dropped', 'kept'].map((name) => {
      const file = path.join(scratch.directory, name);
      execFileSync('mkfifo', [file]);
      return { file, fd: native.open(file, constants.O_RDONLY | constants.O_NONBLOCK) };
    });
    const [dropped, kept] = fifos as [(typeof fifos)[0], (typeof fifos)[0]];
    let droppedCalls = 0;
    (() => {
      Readiness.watch(dropped.fd, () => {
        droppedCalls++;
        readSync(dropped.fd, Buffer.alloc(16));
      });
    })();
    await collectGarbage();

    const keptFired = new Promise<void>((resolve) => {
      const watch = Readiness.watch(kept.fd, () => {
        watch.stop();
        resolve();
      });
    });
    const writer = startChild(
      `const fs = require('node:fs');
       for (const file of process.env.FIFOS.split(',')) fs.writeSync(fs.openSync(file, 'w'), 'x');
       process.stdout.write('wrote\\n');`,
      { FIFOS: `${dropped.file},${kept.file}` },
    );
    expect(await writer.nextLine()).toBe('wrote');
    await keptFired;
    for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
    expect(droppedCalls).toBe(0);
    expect(await writer.finish()).toBe(0);
    for (const fifo of fifos) native.close(fifo.fd);
  });

  it('stops idempotently and reports its state', () => {
    const file = path.join(scratch.directory, 'state');
    execFileSync('mkfifo', [file]);
    const fd = native.open(file, constants.O_RDONLY | constants.O_NONBLOCK);
    const readiness = Readiness.watch(fd, () => {});
    expect(readiness.active).toBe(true);
    expect(readiness.unref().ref()).toBe(readiness);
    readiness.stop();
    readiness.stop();
    expect(readiness.active).toBe(false);
    native.close(fd);
  });
});
