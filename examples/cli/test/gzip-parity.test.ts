// SPDX-License-Identifier: Apache-2.0
// uacce-gzip against GNU gzip 1.12 on the points where they used to differ: the same command line
// in two directories prepared alike, then the same exit status, the same stderr (modulo the
// program's name and -v's engine note), the same stdout and the same files left behind.
import { link, mkdir, readFile, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { run } from './support/run';
import { type Outcome, sideBySide } from './support/side-by-side';

const HELLO = 'hello\n';

async function hello(dir: string): Promise<void> {
  await writeFile(join(dir, 'a'), HELLO);
}

/** A gzip file made by the gzip command (so it stores the name "a" and a's time). */
async function gzipped(dir: string, name = 'a.gz'): Promise<void> {
  await hello(dir);
  await utimes(join(dir, 'a'), 1_577_934_245, 1_577_934_245);
  expect((await run('gzip', ['a'], dir)).status).toBe(0);
  if (name !== 'a.gz') await run('mv', ['a.gz', name], dir);
}

type StdoutRule = 'bytes' | 'decompressed';

function expectSame(gzip: Outcome, ours: Outcome, stdout: StdoutRule = 'bytes'): void {
  expect({ status: ours.status, stderr: ours.stderr, files: ours.files }).toEqual({
    status: gzip.status,
    stderr: gzip.stderr,
    files: gzip.files,
  });
  if (stdout === 'bytes') expect(ours.stdout.equals(gzip.stdout)).toBe(true);
  else expect(gunzipSync(ours.stdout).equals(gunzipSync(gzip.stdout))).toBe(true);
}

interface Case {
  args: string[];
  setup: (dir: string) => Promise<void>;
  env?: NodeJS.ProcessEnv;
  stdout?: StdoutRule;
}

async function compare({ args, setup, env, stdout }: Case): Promise<{ gzip: Outcome; ours: Outcome }> {
  const ran = await sideBySide(args, setup, env ? { env } : {});
  try {
    expectSame(ran.gzip, ran.ours, stdout);
    return ran;
  } finally {
    await ran.remove();
  }
}

describe('links', () => {
  const withSymlink = async (dir: string) => {
    await hello(dir);
    await symlink('a', join(dir, 's'));
  };
  const withHardLinks = (count: number) => async (dir: string) => {
    await hello(dir);
    for (let index = 0; index < count; index += 1) await link(join(dir, 'a'), join(dir, `h${index}`));
  };

  it.each([
    ['refuses a symbolic link (status 1)', ['s'], withSymlink],
    ['refuses a symbolic link with -k too', ['-kv', 's'], withSymlink],
    ['compresses through a symbolic link with -f', ['-f', 's'], withSymlink],
    ['reads a symbolic link with -c', ['-c', 's'], withSymlink],
    ['refuses a file with another hard link (status 2)', ['a'], withHardLinks(1)],
    ['counts the other links', ['-k', 'a'], withHardLinks(2)],
    ['refuses it quietly with -q, still status 2', ['-q', 'a'], withHardLinks(1)],
    ['compresses a hard-linked file with -f', ['-f', 'a'], withHardLinks(1)],
  ])('%s', async (_name, args, setup) => {
    const { gzip } = await compare({ args, setup, stdout: args.includes('-c') ? 'decompressed' : 'bytes' });
    expect(gzip.status).not.toBeNull();
  });

  it('refuses a symbolic link to a .gz file on decompression', async () => {
    await compare({
      args: ['-d', 's.gz'],
      setup: async (dir) => {
        await gzipped(dir);
        await symlink('a.gz', join(dir, 's.gz'));
      },
    });
  });
});

describe('-r', () => {
  const tree = async (dir: string) => {
    await mkdir(join(dir, 'd', 'e'), { recursive: true });
    await writeFile(join(dir, 'd', 'x'), 'hi\n');
    await writeFile(join(dir, 'd', 'e', 'y'), 'yo\n');
    await writeFile(join(dir, 'd', 'e', 'z.gz'), 'not compressed by us\n');
  };

  it.each([
    ['compresses every file below a directory, skipping .gz files silently', ['-r', 'd']],
    ['names the skipped .gz files with -v', ['-rv', 'd']],
    ['writes every file below to stdout with -c', ['-rc', 'd/e']],
    ['refuses a directory without -r (status 2)', ['d']],
  ])('%s', async (_name, args) => {
    await compare({ args, setup: tree, stdout: args.includes('-rc') ? 'decompressed' : 'bytes' });
  });

  it('decompresses every .gz below, leaving other files alone and silent', async () => {
    await compare({
      args: ['-rd', 'd'],
      setup: async (dir) => {
        await tree(dir);
        await writeFile(join(dir, 'd', 'e', 'z.gz'), gzipSync('zed\n'));
        expect((await run('gzip', ['d/x'], dir)).status).toBe(0);
      },
    });
  });

  it('refuses a symbolic link to a directory', async () => {
    await compare({
      args: ['-r', 's'],
      setup: async (dir) => {
        await tree(dir);
        await symlink('d', join(dir, 's'));
      },
    });
  });
});

describe('suffixes and -v wording', () => {
  it.each([
    ['an existing .gz suffix: message, status 0', ['x.gz']],
    ['an existing .gz suffix with -q: nothing, status 0', ['-q', 'x.gz']],
  ])('%s', async (_name, args) => {
    await compare({ args, setup: (dir) => writeFile(join(dir, 'x.gz'), 'plain') });
  });

  it.each([
    ['-kv says "created"', ['-kv', 'a'], hello],
    ['-v says "replaced with"', ['-v', 'a'], hello],
    ['-cv says "replaced with stdout"', ['-cv', 'a'], hello],
    ['-dkv says "created"', ['-dkv', 'a.gz'], (dir: string) => gzipped(dir)],
    ['-dv says "replaced with"', ['-dv', 'a.gz'], (dir: string) => gzipped(dir)],
  ])('%s', async (_name, args, setup) => {
    await compare({ args, setup, stdout: args.includes('-cv') ? 'decompressed' : 'bytes' });
  });
});

describe('-N and -n on decompression', () => {
  it('-dN restores the stored name and modification time', async () => {
    const ran = await sideBySide(['-dN', 'renamed.gz'], (dir) => gzipped(dir, 'renamed.gz'));
    try {
      expectSame(ran.gzip, ran.ours);
      expect(Object.keys(ran.ours.files)).toEqual(['a']);
      const times = await Promise.all([ran.gzip, ran.ours].map(({ dir }) => stat(join(dir, 'a'))));
      expect(times[1]!.mtimeMs).toBe(times[0]!.mtimeMs);
      expect(times[1]!.mtimeMs).toBe(1_577_934_245_000);
    } finally {
      await ran.remove();
    }
  });

  it('-dn (the default) names the output after the file', async () => {
    await compare({ args: ['-dn', 'renamed.gz'], setup: (dir) => gzipped(dir, 'renamed.gz') });
  });
});

describe('-cdf', () => {
  it('passes a file that is not gzip through unchanged, status 0', async () => {
    await compare({ args: ['-cdf', 'a'], setup: hello });
  });

  it('still decompresses gzip data', async () => {
    await compare({ args: ['-cdf', 'a.gz'], setup: (dir) => gzipped(dir) });
  });

  it('without -f, not in gzip format (status 1)', async () => {
    await compare({ args: ['-cd', 'a'], setup: hello });
  });
});

describe('the GZIP environment variable', () => {
  it.each([
    ['-9', ['-k', 'a']],
    ['--fast', ['-k', 'a']],
    ['-v', ['-k', 'a']],
    ['-qv', ['-k', 'a']],
    ['-q', ['-k', 'a']],
    ['-vq', ['-k', 'a']],
    ['-9', ['-q', '-k', 'a']],
    ['', ['-k', 'a']],
    ['-c', ['a']],
    ['-k', ['a']],
    ['-S .z', ['a']],
    ['--suffix=.z', ['a']],
    ['--', ['a']],
    ['-x', ['a']],
    ['--bogus', ['a']],
    ['foo', ['a']],
  ])('GZIP=%j with %j', async (value, args) => {
    await compare({ args, setup: hello, env: { GZIP: value } });
  });
});

/** a.gz made by gzip, then `tail` appended to it. */
const gzippedThen = (tail: Buffer) => async (dir: string) => {
  await gzipped(dir);
  await writeFile(join(dir, 'a.gz'), tail, { flag: 'a' });
};
const GARBAGE = Buffer.from('garbage\n');
const ZEROS = Buffer.alloc(3);

describe('after the last member', () => {
  it.each([
    ['garbage with -cd: full output, warning, status 2', ['-cd', 'a.gz'], GARBAGE],
    ['garbage with -d: output kept, input removed, status 2', ['-d', 'a.gz'], GARBAGE],
    ['garbage with -dv: the warning inside the -v line', ['-dv', 'a.gz'], GARBAGE],
    ['garbage with -t', ['-t', 'a.gz'], GARBAGE],
    ['garbage with -dq: silent, still status 2', ['-dq', 'a.gz'], GARBAGE],
    ['a lone 0x1f: a member cut short, status 1 after the output', ['-cd', 'a.gz'], Buffer.from([0x1f])],
    ['zero bytes with -d: ignored silently, status 0', ['-d', 'a.gz'], ZEROS],
    ['zero bytes with -dv: a warning, status 2', ['-dv', 'a.gz'], ZEROS],
    ['zero bytes, then garbage', ['-cd', 'a.gz'], Buffer.from([0, 0, 0x41])],
    ['another member: both decompressed', ['-cd', 'a.gz'], gzipSync('second\n')],
  ])('%s', async (_name, args, tail) => {
    await compare({ args, setup: gzippedThen(tail) });
  });

  it('reports a CRC mismatch in gzip words', async () => {
    await compare({
      args: ['-t', 'a.gz'],
      setup: async (dir) => {
        await gzipped(dir);
        const bytes = await readFile(join(dir, 'a.gz'));
        bytes[bytes.length - 8]! ^= 0xff;
        await writeFile(join(dir, 'a.gz'), bytes);
      },
    });
  });
});

describe('-l', () => {
  const three = async (dir: string) => {
    await gzipped(dir);
    await writeFile(join(dir, 'b.gz'), gzipSync('hi\nthere\n'));
    await writeFile(
      join(dir, 'ab.gz'),
      Buffer.concat([await readFile(join(dir, 'a.gz')), gzipSync('hi\nthere\n')]),
    );
    // Shown by -lv when the header stores no time, or for several members.
    for (const name of ['b.gz', 'ab.gz']) await utimes(join(dir, name), 1_620_284_889, 1_620_284_889);
  };
  const truncated = async (dir: string) => {
    await gzipped(dir);
    const bytes = await readFile(join(dir, 'a.gz'));
    await writeFile(join(dir, 't.gz'), bytes.subarray(0, 20));
  };

  it.each([
    [
      'a truncated file: unexpected end of file, status 1, and gzip stops there',
      ['-l', 't.gz', 'a.gz'],
      truncated,
    ],
    [
      '-v adds method, CRC and time; several members list the last trailer',
      ['-lv', 'a.gz', 'b.gz', 'ab.gz'],
      three,
    ],
    ['several files and members without -v', ['-l', 'a.gz', 'b.gz', 'ab.gz'], three],
    ['trailing garbage: a warning and no row', ['-l', 'a.gz'], gzippedThen(GARBAGE)],
    ['trailing zero bytes: no row, status 0', ['-l', 'a.gz'], gzippedThen(ZEROS)],
    ['trailing zero bytes with -v: a warning', ['-lv', 'a.gz'], gzippedThen(ZEROS)],
    ['a file that is not gzip', ['-l', 'a'], hello],
  ])('%s', async (_name, args, setup) => {
    await compare({ args, setup, env: { TZ: 'UTC' } });
  });
});
