// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import {
  ZIP_MAX_FLAT_SIZE,
  ZIP_STATEFUL_MIN_OUTPUT,
  ZIP_STORE_BUFFER_SIZE,
  zipStatefulMaxInput,
  zipStatefulMinOutput,
} from '../src/index';

describe('ZIP limits (spec §4.9, §7)', () => {
  it('has the driver constants', () => {
    expect(ZIP_MAX_FLAT_SIZE).toBe(8 * 1024 * 1024);
    expect(ZIP_STATEFUL_MIN_OUTPUT).toBe(200);
    // 200 · 1.125 + 10 = 235, rounded up to a multiple of 4.
    expect(ZIP_STORE_BUFFER_SIZE).toBe(236);
  });

  it.each([
    [0, 0],
    [1, 2],
    [8, 9],
    [1000, 1125],
    [65536, 73728],
  ])('needs %i → %i bytes of output (ceil(9·in/8))', (input, output) => {
    expect(zipStatefulMinOutput(input)).toBe(output);
  });

  it.each([
    [0, 0],
    [9, 8],
    [200, 176],
    [236, 208],
    [73728, 65536],
    [1125, 1000],
  ])('allows %i bytes of output to take %i bytes of input', (output, input) => {
    expect(zipStatefulMaxInput(output)).toBe(input);
    expect(input % 4).toBe(0);
    expect(zipStatefulMinOutput(input)).toBeLessThanOrEqual(output);
  });
});
