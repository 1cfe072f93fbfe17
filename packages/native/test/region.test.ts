// SPDX-License-Identifier: Apache-2.0
import { constants } from 'node:fs';
import { MessageChannel } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { loadNative, Mapping, NativeUnmappedError } from '../src/index';
import { collectGarbage, makeFile, makeScratchDirectory, mappingsOf, openFdCount, thrown } from './support';

const native = loadNative();
const scratch = makeScratchDirectory('uacce-native-region-');
afterAll(() => scratch.remove());
const pageSize = native.pageSize();

function openShared(name: string, pages = 2): { file: string; fd: number } {
  const file = makeFile(scratch.directory, name, pages * pageSize);
  return { file, fd: native.open(file, constants.O_RDWR) };
}

describe('mmap', () => {
  it('shows the same shared-memory bytes through two mappings', () => {
    const { file, fd } = openShared('two-views');
    const first = native.mmap(fd, 2 * pageSize, 0);
    const second = native.mmap(fd, 2 * pageSize, 0);
    expect(native.addressOf(first)).not.toBe(native.addressOf(second));
    expect(mappingsOf(file)).toBe(2);
    new Uint8Array(first).set([1, 2, 3, 4], pageSize + 10);
    expect([...new Uint8Array(second, pageSize + 10, 4)]).toEqual([1, 2, 3, 4]);
    new DataView(second).setUint32(0, 0xdeadbeef, true);
    expect(new DataView(first).getUint32(0, true)).toBe(0xdeadbeef);
    native.munmap(first);
    native.munmap(second);
    native.close(fd);
    expect(mappingsOf(file)).toBe(0);
  });

  it('maps at a page offset of the file', () => {
    const { fd } = openShared('offset', 3);
    const whole = native.mmap(fd, 3 * pageSize, 0);
    const tail = native.mmap(fd, pageSize, 2 * pageSize);
    new Uint8Array(whole)[2 * pageSize] = 0x5a;
    expect(new Uint8Array(tail)[0]).toBe(0x5a);
    native.munmap(whole);
    native.munmap(tail);
    native.close(fd);
  });

  it('reports EINVAL for an offset that is not page aligned and EBADF for a bad fd', () => {
    const { fd } = openShared('einval');
    expect(thrown(() => native.mmap(fd, pageSize, 1))).toMatchObject({ code: 'EINVAL', syscall: 'mmap' });
    native.close(fd);
    expect(thrown(() => native.mmap(fd, pageSize, 0))).toMatchObject({ code: 'EBADF', syscall: 'mmap' });
  });
});

describe('mmap of lengths no ArrayBuffer can hold (issue 21: aborted with a double free)', () => {
  it('throws a typed error, unmaps what it mapped and keeps the process alive, call after call', async () => {
    // A one-page file mapped far past its end: mmap(2) succeeds (nothing is touched), then Node
    // refuses the ArrayBuffer and runs the finalizer itself; the error path must not free twice.
    const { file, fd } = openShared('huge', 1);
    for (let round = 0; round < 50; round++) {
      for (const length of [2 ** 33, 2 ** 33 + pageSize, 2 ** 40, Number.MAX_SAFE_INTEGER]) {
        const error = thrown(() => native.mmap(fd, length, 0));
        expect(['ERR_BUFFER_TOO_LARGE', 'ENOMEM', 'ERR_OUT_OF_RANGE']).toContain(error.code);
        expect(error).toBeInstanceOf(Error);
      }
    }
    expect(mappingsOf(file)).toBe(0);
    await collectGarbage();
    const mapping = native.mmap(fd, pageSize, 0);
    new Uint8Array(mapping)[0] = 1;
    native.munmap(mapping);
    native.close(fd);
    expect(mappingsOf(file)).toBe(0);
  });
});

describe('munmap', () => {
  it('detaches the buffer: every view becomes empty and no access reaches the pages', () => {
    const { file, fd } = openShared('detach');
    const mapping = native.mmap(fd, 2 * pageSize, 0);
    const bytes = new Uint8Array(mapping);
    const words = new DataView(mapping);
    bytes[0] = 7;
    native.munmap(mapping);
    native.close(fd);
    expect(mappingsOf(file)).toBe(0);
    expect(mapping.byteLength).toBe(0);
    expect(bytes.length).toBe(0);
    expect(bytes[0]).toBeUndefined();
    expect(() => words.getUint8(0)).toThrow(TypeError);
  });

  it('throws ERR_UACCE_UNMAPPED on a second unmap and on MMIO after unmap', () => {
    const { fd } = openShared('twice');
    const mapping = native.mmap(fd, pageSize, 0);
    native.munmap(mapping);
    native.close(fd);
    expect(thrown(() => native.munmap(mapping))).toMatchObject({ code: 'ERR_UACCE_UNMAPPED' });
    expect(thrown(() => native.mmioLoad32(mapping, 0))).toMatchObject({ code: 'ERR_UACCE_UNMAPPED' });
    expect(thrown(() => native.mmioStore64(mapping, 0, 1n))).toMatchObject({ code: 'ERR_UACCE_UNMAPPED' });
  });

  it('is never moved to another thread by postMessage (it stays mapped here)', async () => {
    const { fd } = openShared('transfer');
    const mapping = native.mmap(fd, pageSize, 0);
    new Uint8Array(mapping)[0] = 0x77;
    const { port1, port2 } = new MessageChannel();
    const received = new Promise<unknown>((resolve) => port2.once('message', resolve));
    let sent = true;
    try {
      port1.postMessage(mapping, [mapping]); // Node 20 copies an untransferable buffer
    } catch {
      sent = false; // newer Node versions refuse instead; either way the mapping stays here
    }
    expect(mapping.byteLength).toBe(pageSize);
    if (sent) {
      const copy = (await received) as ArrayBuffer;
      expect(new Uint8Array(copy)[0]).toBe(0x77);
      expect(native.addressOf(copy)).not.toBe(native.addressOf(mapping));
    }
    port1.close();
    port2.close();
    native.munmap(mapping);
    native.close(fd);
  });

  it('refuses an ArrayBuffer that mmap did not return', () => {
    const error = thrown(() => native.munmap(new ArrayBuffer(pageSize)));
    expect(error).toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' });
    expect(thrown(() => native.munmap(Buffer.alloc(8) as never))).toMatchObject({
      code: 'ERR_INVALID_ARG_TYPE',
    });
  });

  it('unmaps a mapping whose ArrayBuffer was collected without munmap', async () => {
    const { file, fd } = openShared('gc-native');
    (() => {
      new Uint8Array(native.mmap(fd, 2 * pageSize, 0))[0] = 1;
    })();
    native.close(fd);
    expect(mappingsOf(file)).toBe(1);
    await collectGarbage();
    expect(mappingsOf(file)).toBe(0);
  });
});

describe('Mapping', () => {
  it('closes idempotently, unmapping and detaching its buffer', () => {
    const { file, fd } = openShared('owner');
    const mapping = Mapping.map(fd, pageSize, 0);
    const view = new Uint8Array(mapping.buffer);
    mapping.close();
    mapping.close();
    native.close(fd);
    expect(mapping.closed).toBe(true);
    expect(view.length).toBe(0);
    expect(mappingsOf(file)).toBe(0);
    expect(thrown(() => mapping.buffer)).toBeInstanceOf(NativeUnmappedError);
    expect(thrown(() => mapping.load32(0))).toMatchObject({ code: 'ERR_UACCE_UNMAPPED' });
  });

  it('unmaps when its owner is collected without close()', async () => {
    const { file, fd } = openShared('owner-gc');
    (() => {
      Mapping.map(fd, pageSize, 0).store64(0, 1n);
    })();
    native.close(fd);
    expect(mappingsOf(file)).toBe(1);
    await collectGarbage();
    expect(mappingsOf(file)).toBe(0);
  });
});

describe('resources', () => {
  it('leaves fd and mapping counts unchanged after 1000 open/mmap/close cycles', () => {
    const file = makeFile(scratch.directory, 'cycles', pageSize);
    const fdsBefore = openFdCount();
    for (let cycle = 0; cycle < 1000; cycle++) {
      const fd = native.open(file, constants.O_RDWR);
      const mapping = native.mmap(fd, pageSize, 0);
      new Uint8Array(mapping)[0] = cycle & 0xff;
      native.munmap(mapping);
      native.close(fd);
    }
    expect(openFdCount()).toBe(fdsBefore);
    expect(mappingsOf(file)).toBe(0);
  });
});
