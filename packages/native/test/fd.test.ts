// SPDX-License-Identifier: Apache-2.0
import { constants, mkdtempSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { constants as osConstants, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadNative } from '../src/index';

const native = loadNative();
const directory = mkdtempSync(path.join(tmpdir(), 'uacce-native-fd-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function regularFile(name: string): string {
  const file = path.join(directory, name);
  writeFileSync(file, 'contents');
  return file;
}

function thrown(run: () => unknown): Record<string, unknown> {
  try {
    run();
  } catch (error) {
    return error as Record<string, unknown>;
  }
  throw new Error('expected a throw');
}

describe('open', () => {
  it('reports ENOENT with errno, syscall and path for a missing file', () => {
    const missing = path.join(directory, 'missing', 'file');
    const error = thrown(() => native.open(missing, constants.O_RDONLY));
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      code: 'ENOENT',
      errno: -osConstants.errno.ENOENT,
      syscall: 'open',
      path: missing,
    });
  });

  it('always adds O_CLOEXEC, whatever the flags say', () => {
    // /proc/self/fdinfo/<fd> shows the file's flags in octal; O_CLOEXEC is 0o2000000 on Linux.
    const O_CLOEXEC = 0o2000000;
    const flagsOf = (fd: number) =>
      Number.parseInt(/^flags:\s+([0-7]+)$/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'))![1]!, 8);
    const fd = native.open(regularFile('cloexec'), constants.O_RDWR);
    expect(flagsOf(fd) & O_CLOEXEC).toBe(O_CLOEXEC);
    expect(flagsOf(fd) & 0o3).toBe(constants.O_RDWR); // O_ACCMODE
    native.close(fd);
  });

  it('returns an fd that reads the file', () => {
    const fd = native.open(regularFile('read'), constants.O_RDONLY);
    const target = Buffer.alloc(8);
    // node:fs works on any fd number: the fd is a real kernel fd.
    expect(readSync(fd, target)).toBe(8);
    expect(target.toString()).toBe('contents');
    native.close(fd);
  });
});

describe('close', () => {
  it('reports EBADF for an fd that is not open, and for a second close', () => {
    const fd = native.open(regularFile('twice'), constants.O_RDONLY);
    native.close(fd);
    expect(thrown(() => native.close(fd))).toMatchObject({
      code: 'EBADF',
      errno: -osConstants.errno.EBADF,
      syscall: 'close',
    });
  });
});

describe('ioctl', () => {
  it('reports ENOTTY on a regular file', () => {
    const fd = native.open(regularFile('tty'), constants.O_RDONLY);
    const TCGETS = 0x5401;
    expect(thrown(() => native.ioctl(fd, TCGETS, Buffer.alloc(64)))).toMatchObject({
      code: 'ENOTTY',
      errno: -osConstants.errno.ENOTTY,
      syscall: 'ioctl',
    });
    native.close(fd);
  });

  it('refuses a buffer shorter than the size the request encodes, before the call', () => {
    const fd = native.open(regularFile('short'), constants.O_RDONLY);
    const UACCE_CMD_QM_SET_QP_INFO = 0xc010480b; // _IOWR('H', 11, 16 bytes), spec §2.4
    expect(thrown(() => native.ioctl(fd, UACCE_CMD_QM_SET_QP_INFO, Buffer.alloc(4)))).toMatchObject({
      code: 'ERR_OUT_OF_RANGE',
    });
    expect(thrown(() => native.ioctl(fd, UACCE_CMD_QM_SET_QP_INFO, Buffer.alloc(16)))).toMatchObject({
      code: 'ENOTTY',
    });
    native.close(fd);
  });

  it('reports EBADF on a closed fd', () => {
    const fd = native.open(regularFile('closed'), constants.O_RDONLY);
    native.close(fd);
    expect(thrown(() => native.ioctl(fd, 0x5401, Buffer.alloc(64)))).toMatchObject({
      code: 'EBADF',
      syscall: 'ioctl',
    });
  });

  it('reads the struct back into the buffer (FIONREAD on a file)', () => {
    const fd = native.open(regularFile('fionread'), constants.O_RDONLY);
    const FIONREAD = 0x541b;
    const count = Buffer.alloc(4, 0xff);
    expect(native.ioctl(fd, FIONREAD, count)).toBe(0);
    expect(count.readInt32LE(0)).toBe('contents'.length);
    native.close(fd);
  });
});

describe('ioctl with requests that encode no size (issue 21: TCGETS overran a 1-byte buffer)', () => {
  const TCGETS = 0x5401;
  // The master side of a new pseudo-terminal: a real tty for TCGETS.
  function openPty(): number {
    return native.open('/dev/ptmx', constants.O_RDWR | constants.O_NOCTTY);
  }

  it('refuses a buffer the kernel writes past, with a typed error and no corruption', () => {
    const fd = openPty();
    const whole = Buffer.alloc(64);
    expect(native.ioctl(fd, TCGETS, whole)).toBe(0);
    // struct termios: c_iflag, c_oflag, c_cflag, c_lflag; a fresh pty has c_cflag set.
    expect(whole.readUInt32LE(8)).not.toBe(0);
    const heap = Buffer.alloc(64, 0x11);
    const tiny = heap.subarray(10, 11);
    expect(thrown(() => native.ioctl(fd, TCGETS, tiny))).toMatchObject({ code: 'ERR_OUT_OF_RANGE' });
    // Only the caller's one byte was written back; the bytes around it are untouched.
    expect(tiny[0]).toBe(whole[0]);
    expect([...heap.subarray(0, 10), ...heap.subarray(11)].every((byte) => byte === 0x11)).toBe(true);
    native.close(fd);
  });

  it('copies back exactly what the kernel wrote when the buffer is large enough', () => {
    const fd = openPty();
    const first = Buffer.alloc(60, 0xff);
    const second = Buffer.alloc(4096, 0xff);
    expect(native.ioctl(fd, TCGETS, first)).toBe(0);
    expect(native.ioctl(fd, TCGETS, second)).toBe(0);
    expect(second.subarray(0, 36)).toEqual(first.subarray(0, 36));
    native.close(fd);
  });

  it('refuses a buffer over a page and integers that could be addresses, before the call', () => {
    const fd = openPty();
    expect(thrown(() => native.ioctl(fd, TCGETS, Buffer.alloc(8192)))).toMatchObject({
      code: 'ERR_OUT_OF_RANGE',
    });
    for (const pointerLike of [4096, 0x10000, 2 ** 40, Number.MAX_SAFE_INTEGER]) {
      expect(thrown(() => native.ioctl(fd, TCGETS, pointerLike))).toMatchObject({ code: 'ERR_OUT_OF_RANGE' });
    }
    // An integer below the first page is never mapped memory: the kernel answers EFAULT.
    expect(thrown(() => native.ioctl(fd, TCGETS, 64))).toMatchObject({ code: 'EFAULT', syscall: 'ioctl' });
    native.close(fd);
  });

  it('still passes through ioctls on shared memory files (ENOTTY) with any buffer size up to a page', () => {
    const shm = path.join('/dev/shm', `uacce-native-ioctl-${process.pid}`);
    writeFileSync(shm, Buffer.alloc(4096));
    const fd = native.open(shm, constants.O_RDWR);
    for (const size of [0, 1, 60, 4096]) {
      expect(thrown(() => native.ioctl(fd, TCGETS, Buffer.alloc(size)))).toMatchObject({ code: 'ENOTTY' });
    }
    native.close(fd);
    rmSync(shm);
  });
});
