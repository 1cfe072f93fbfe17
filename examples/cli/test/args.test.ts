// SPDX-License-Identifier: Apache-2.0
import { UacceArgumentError } from '@uacce/abi';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../src/args';

describe('parseArgs', () => {
  it.each([
    [[], { mode: 'compress', level: 6, files: [] }],
    [['-d', 'a.gz'], { mode: 'decompress', files: ['a.gz'] }],
    [['-dck', 'x'], { mode: 'decompress', toStdout: true, keep: true, files: ['x'] }],
    [['-9'], { level: 9 }],
    [['-1v'], { level: 1, verbose: true }],
    [['--fast'], { level: 1 }],
    [['--best'], { level: 9 }],
    [['-t'], { mode: 'test' }],
    [['-l', 'a', 'b'], { mode: 'list', files: ['a', 'b'] }],
    [
      ['--stdout', '--decompress', '--keep', '--force'],
      { toStdout: true, mode: 'decompress', keep: true, force: true },
    ],
    [['--engine=software'], { engine: 'software' }],
    [['--engine', 'hardware'], { engine: 'hardware' }],
    [['-S', '.z'], { suffix: '.z' }],
    [['-S.z'], { suffix: '.z' }],
    [['--suffix=.z'], { suffix: '.z' }],
    [['-', 'a'], { files: ['-', 'a'] }],
    [['--', '-d'], { mode: 'compress', files: ['-d'] }],
    [['-q', '-v'], { quiet: false, verbose: true }],
    [['-n'], { mode: 'compress' }],
  ])('%j', (argv, expected) => {
    expect(parseArgs(argv)).toMatchObject(expected);
  });

  it.each([[['-x']], [['--bogus']], [['--engine=fast']], [['--engine']], [['--keep=1']]])(
    'rejects %j with ERR_INVALID_ARG_VALUE',
    (argv) => {
      const attempt = () => parseArgs(argv);
      expect(attempt).toThrow(UacceArgumentError);
      try {
        attempt();
      } catch (error) {
        expect((error as UacceArgumentError).code).toBe('ERR_INVALID_ARG_VALUE');
      }
    },
  );
});
