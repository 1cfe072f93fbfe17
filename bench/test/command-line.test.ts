// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../src/command-line';

describe('parseCommandLine', () => {
  it.each([
    { args: [], smoke: false },
    { args: ['--smoke'], smoke: true },
    // What `pnpm bench -- --smoke` hands the script: the `--` must not turn --smoke into a positional.
    { args: ['--', '--smoke'], smoke: true },
    { args: ['--', '--smoke', '--out', '/tmp/x'], smoke: true, out: '/tmp/x' },
  ])('$args → smoke $smoke', ({ args, smoke, out }) => {
    const parsed = parseCommandLine(args);
    expect(parsed.smoke).toBe(smoke);
    expect(parsed.out).toBe(out);
  });

  it('BENCH_SMOKE=1 selects the smoke setting', () => {
    expect(parseCommandLine([], { BENCH_SMOKE: '1' }).smoke).toBe(true);
    expect(parseCommandLine([], { BENCH_SMOKE: '0' }).smoke).toBe(false);
  });

  it('--render takes a results file', () => {
    expect(parseCommandLine(['--render', 'results/latest.json']).render).toBe('results/latest.json');
  });

  it.each([['--smok'], ['smoke'], ['--', 'smoke']])(
    '%s is refused with a parse error, not run as the full benchmark',
    (...args) => {
      expect(() => parseCommandLine(args)).toThrow(
        expect.objectContaining({ code: expect.stringMatching(/^ERR_PARSE_ARGS_/) }),
      );
    },
  );
});
