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
