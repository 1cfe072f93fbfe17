// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { geometricMean, summarize } from '../src/stats';

describe('summarize', () => {
  it.each([
    [[3], 3, 3, 3],
    [[5, 1, 3], 3, 1, 5],
    [[4, 1, 3, 2], 2.5, 1, 4],
  ])('%j has median %d, min %d, max %d', (values, median, min, max) => {
    expect(summarize(values)).toEqual({ median, min, max, n: values.length });
  });
});

describe('geometricMean', () => {
  it('averages ratios multiplicatively', () => {
    expect(geometricMean([0.5, 2])).toBeCloseTo(1, 12);
    expect(geometricMean([4, 1])).toBeCloseTo(2, 12);
  });

  it('is undefined for no values', () => {
    expect(geometricMean([])).toBeUndefined();
  });
});
